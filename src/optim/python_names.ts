// Hyperparameter names: torchlet spells them camelCase (weightDecay), PyTorch snake_case (weight_decay).
// Whatever leaves through stateDict() or toString() uses PyTorch's spelling, so both directions are needed.

export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
