// The few column types that differ between SQLite and PostgreSQL, for migrations.
// Frozen like the migrations that use it: change by adding, never by editing.

import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type RawBuilder } from 'kysely';
import type { DialectName } from '../database.js';

export interface ColumnTypes {
  timestamp: 'text' | 'timestamptz';
  flag: 'integer' | 'boolean';
  falseValue: RawBuilder<unknown>;
  /** Adds an auto-increment integer primary key named `id`. */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
}

export function columnTypes(dialect: DialectName): ColumnTypes {
  const sqlite = dialect === 'sqlite';
  return {
    timestamp: sqlite ? 'text' : 'timestamptz',
    flag: sqlite ? 'integer' : 'boolean',
    falseValue: sqlite ? sql`0` : sql`false`,
    addIdColumn: (table) =>
      table.addColumn('id', sqlite ? 'integer' : 'bigint', (col: ColumnDefinitionBuilder) =>
        sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity(),
      ),
  };
}
