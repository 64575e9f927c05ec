// Shared by the tests of the package's interface objects.

/** The interface objects a module exports: its exported classes, named with a capital letter. */
export function exportedInterfaces(module: object): [string, Function][] {
  return Object.entries(module as Record<string, unknown>).flatMap(([name, value]) =>
    typeof value === 'function' && /^[A-Z]/.test(name) ? [[name, value] as [string, Function]] : [],
  );
}

/** A property's writable, enumerable and configurable flags (undefined for a property that does not exist). */
export function propertyFlags(
  target: object,
  key: PropertyKey,
): { writable?: boolean; enumerable?: boolean; configurable?: boolean } {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  return { writable: descriptor?.writable, enumerable: descriptor?.enumerable, configurable: descriptor?.configurable };
}
