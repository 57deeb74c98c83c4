export const COPY_USAGE = "sesame copy --to DATABASE_URL"; export async function copyCommand(_c: unknown, _a: string[]): Promise<number> { return 2; }
