// The few conversions between core values and what both drivers accept and return.

export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

export const flag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: boolean | number): boolean => value === true || value === 1;
