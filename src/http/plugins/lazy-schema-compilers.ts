/**
 * Fastify compiles every route's validators (Ajv) and serialisers (fast-json-stringify) before it
 * listens: a third of huimin's cold start, spent on routes nobody has called yet. These factories
 * wrap Fastify's own compilers so each schema is compiled on its route's first use instead. The
 * compiled code is the same; only the moment moves. A broken schema therefore fails at its first
 * request, which the route tests exercise for every route.
 *
 * They also decide how strictly each part of a request is read:
 * - A JSON body is taken as sent: no type coercion. With coercion, a tranche's `amountFen` of
 *   `"100"`, `true` (1 fen), `[100]`, `"0x10"` (16 fen) or `"1e3"` would be accepted as a number;
 *   money and counts are JSON integers or a 400 naming the field.
 * - Query strings, path parameters and headers are text by nature and are coerced to the schema's
 *   types, but an integer is only ever written in decimal digits: Ajv on its own would read `"0x10"`,
 *   `"1e3"` or `" 100"` as numbers.
 */
import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorBuilder = NonNullable<CompilersFactory['buildValidator']>;
type SerializerBuilder = NonNullable<CompilersFactory['buildSerializer']>;
type Validator = ReturnType<ReturnType<ValidatorBuilder>>;
type Serializer = ReturnType<ReturnType<SerializerBuilder>>;

interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message: string;
  readonly params: Record<string, unknown>;
}

/** Decimal digits, optionally signed: the only way an integer may be written in a URL or header. */
const DECIMAL_INTEGER = /^-?[0-9]{1,16}$/;

function isIntegerSchema(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const { type, anyOf } = schema as { type?: unknown; anyOf?: unknown };
  if (type === 'integer' || (Array.isArray(type) && type.includes('integer'))) return true;
  return Array.isArray(anyOf) && anyOf.some(isIntegerSchema);
}

/** The names of a text part's properties that the schema declares as integers. */
function integerProperties(schema: unknown): readonly string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties ?? {};
  return Object.entries(properties)
    .filter(([, property]) => isIntegerSchema(property))
    .map(([name]) => name);
}

/** The first integer property written otherwise than in decimal digits, as an Ajv-shaped issue. */
function nonDecimalInteger(data: unknown, names: readonly string[]): ValidationIssue | null {
  if (typeof data !== 'object' || data === null) return null;
  const values = data as Record<string, unknown>;
  for (const name of names) {
    const value = values[name];
    const texts = Array.isArray(value) ? value : [value];
    if (texts.some((text) => typeof text === 'string' && !DECIMAL_INTEGER.test(text))) {
      return {
        instancePath: `/${name}`,
        keyword: 'type',
        message: 'must be an integer written in decimal digits',
        params: { type: 'integer' },
      };
    }
  }
  return null;
}

export function lazySchemaCompilers(): CompilersFactory {
  const buildValidator = ValidatorSelector();
  const buildSerializer = SerializerSelector();
  return {
    buildValidator(externalSchemas, ajvOptions) {
      const coercing = buildValidator(externalSchemas, ajvOptions);
      // huimin's schemas are JSON Schema (TypeBox), never JTD: only Ajv's own options apply.
      const options = (ajvOptions ?? {}) as { customOptions?: Record<string, unknown> };
      const exact = buildValidator(externalSchemas, {
        ...options,
        customOptions: { ...options.customOptions, coerceTypes: false },
      });
      return (route) => {
        const isBody = route.httpPart === 'body';
        const compile = isBody ? exact : coercing;
        const integers = isBody ? [] : integerProperties(route.schema);
        let validate: Validator | undefined;
        // Fastify reads `.errors` from the function it was given, as Ajv's functions carry them.
        const lazy = ((data: unknown) => {
          const malformed = nonDecimalInteger(data, integers);
          if (malformed !== null) {
            (lazy as { errors?: unknown }).errors = [malformed];
            return false;
          }
          validate ??= compile(route);
          const result = validate(data);
          (lazy as { errors?: unknown }).errors = (validate as { errors?: unknown }).errors;
          return result;
        }) as Validator;
        return lazy;
      };
    },
    buildSerializer(externalSchemas, serializerOptions) {
      const compile = buildSerializer(externalSchemas, serializerOptions);
      return (route) => {
        let serialize: Serializer | undefined;
        return ((data: unknown) => {
          serialize ??= compile(route);
          return serialize(data);
        }) as Serializer;
      };
    },
  };
}
