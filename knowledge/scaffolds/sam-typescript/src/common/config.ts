/**
 * Settings the template gives each deployed function. A missing one means the function was
 * deployed without its resource: fail at once, loudly, rather than lose data quietly.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: template.yaml gives it to every function that needs it`);
  }
  return value;
}
