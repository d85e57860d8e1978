/**
 * Lists as one JSON parameter: `in (…)` over a batch's ids as a single bound string, so the statement's
 * text is the same for one id and for a thousand (SQLite keeps it prepared; Kysely compiles a few nodes
 * instead of a placeholder per id; PostgreSQL parses one parameter).
 */
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './database.js';

/** The strings of a list, as the right side of `in (…)`. */
export function jsonList(dialect: DialectName, list: readonly string[]): RawBuilder<string> {
  const text = JSON.stringify(list);
  return dialect === 'postgres'
    ? sql<string>`(select json_array_elements_text(cast(${text} as json)))`
    : sql<string>`(select value from json_each(${text}))`;
}

/**
 * The strings of a list as a table of one column, `value`, to select from (`select value from …`):
 * where the rows themselves are wanted, as an insert's source, rather than the right side of `in (…)`.
 */
export function jsonValues(dialect: DialectName, list: readonly string[]): RawBuilder<unknown> {
  const text = JSON.stringify(list);
  return dialect === 'postgres'
    ? sql`json_array_elements_text(cast(${text} as json)) as l (value)`
    : sql`json_each(${text}) as l`;
}

/**
 * The rows of a JSON array of arrays (the rows' values in columns' order), given as its JSON text, as a
 * table `v (value)` to select from: `v.value ->> 0` is a row's first value. A batch's rows in one
 * parameter, so an insert's or an update's text is the same for one row and for ten thousand.
 */
export function jsonRows(dialect: DialectName, rows: string): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`json_array_elements(cast(${rows} as json)) as v (value)`
    : sql`json_each(${rows}) as v`;
}
