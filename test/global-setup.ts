// Runs once before all test files (see vitest.config.ts).
export default async function setup(): Promise<void> {}
