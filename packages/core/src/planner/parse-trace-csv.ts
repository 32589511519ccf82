import { StowageError } from '../errors';
import { createTraceBuilder, type Trace } from './trace';

/** Limits of an imported trace: past them the import is refused, not truncated. */
export const TRACE_CSV_LIMITS = { maxBytes: 64 * 1024 * 1024, maxAccesses: 2_000_000, maxObjectKeyLength: 1024 } as const;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const refuse = (line: number, message: string) =>
  new StowageError({ code: 'INVALID_INPUT', message: `Line ${line}: ${message}`, fieldErrors: { file: [`Line ${line}: ${message}`] } });

function parseTime(text: string, line: number): number {
  if (/^\d{1,16}$/.test(text)) return Number(text);
  if (!ISO_TIME.test(text)) throw refuse(line, `"${text.slice(0, 40)}" is not a time (ISO 8601 such as 2026-12-01T08:00:00Z, or milliseconds since 1970).`);
  // A time without a zone is UTC, as in Stowage's own export.
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
  if (!Number.isFinite(ms)) throw refuse(line, `"${text.slice(0, 40)}" is not a valid date.`);
  return ms;
}


/** Splits a CSV line into its fields (RFC 4180 quoting: a quoted field may hold commas, and "" is one quote). */
function fields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += char;
  }
  out.push(field);
  return out;
}

/**
 * A trace from CSV text with the columns time, object, size (a header line naming them is optional; extra columns
 * such as Stowage's own `hit` are ignored). Rows may come in any order: they are put in time order (stably).
 * Every refusal names the line; nothing is half-imported.
 */
export function parseTraceCsv(text: string): Trace {
  if (text.length > TRACE_CSV_LIMITS.maxBytes) {
    throw new StowageError({ code: 'INVALID_INPUT', message: `The trace is larger than ${TRACE_CSV_LIMITS.maxBytes / 1024 / 1024} MiB.` });
  }
  const times: number[] = [];
  const keys: string[] = [];
  const sizes: number[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNumber++;
    if (raw.trim() === '') continue;
    const parts = fields(raw);
    if (lineNumber === 1 && /^\s*"?time"?\s*$/i.test(parts[0] ?? '')) continue;
    if (parts.length < 3) throw refuse(lineNumber, `expected time,object,size but found ${parts.length} field${parts.length === 1 ? '' : 's'}.`);
    const time = parseTime(parts[0]!.trim(), lineNumber);
    const key = parts[1]!.trim();
    if (key === '') throw refuse(lineNumber, 'the object is empty.');
    if (key.length > TRACE_CSV_LIMITS.maxObjectKeyLength) throw refuse(lineNumber, `the object is longer than ${TRACE_CSV_LIMITS.maxObjectKeyLength} characters.`);
    const sizeText = parts[2]!.trim();
    const size = /^\d{1,16}$/.test(sizeText) ? Number(sizeText) : NaN;
    if (!Number.isSafeInteger(size) || size <= 0) throw refuse(lineNumber, `"${sizeText.slice(0, 40)}" is not a size (a positive whole number of bytes).`);
    if (times.length === TRACE_CSV_LIMITS.maxAccesses) throw refuse(lineNumber, `the trace has more than ${TRACE_CSV_LIMITS.maxAccesses.toLocaleString('en-US')} accesses.`);
    times.push(time);
    keys.push(key);
    sizes.push(size);
  }
  if (times.length === 0) throw new StowageError({ code: 'INVALID_INPUT', message: 'The trace has no accesses (expected lines of time,object,size).', fieldErrors: { file: ['No accesses'] } });
  const order = Array.from(times.keys());
  if (times.some((time, i) => i > 0 && time < times[i - 1]!)) order.sort((a, b) => times[a]! - times[b]! || a - b);
  const builder = createTraceBuilder(times.length);
  for (const i of order) builder.add(times[i]!, keys[i]!, sizes[i]!);
  return builder.build();
}
