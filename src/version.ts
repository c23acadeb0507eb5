// The package version, kept in one place (package.json is not importable from browsers).
export const version = '0.1.0';
