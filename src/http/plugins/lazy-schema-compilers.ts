/**
 * Fastify compiles every route's validators (Ajv) and serialisers (fast-json-stringify) before it
 * listens: a third of huimin's cold start, spent on routes nobody has called yet. These factories
 * wrap Fastify's own compilers so each schema is compiled on its route's first use instead. The
 * compiled code is the same; only the moment moves. A broken schema therefore fails at its first
 * request, which the route tests exercise for every route.
 */
import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorBuilder = NonNullable<CompilersFactory['buildValidator']>;
type SerializerBuilder = NonNullable<CompilersFactory['buildSerializer']>;
type Validator = ReturnType<ReturnType<ValidatorBuilder>>;
type Serializer = ReturnType<ReturnType<SerializerBuilder>>;

export function lazySchemaCompilers(): CompilersFactory {
  const buildValidator = ValidatorSelector();
  const buildSerializer = SerializerSelector();
  return {
    buildValidator(externalSchemas, ajvOptions) {
      const compile = buildValidator(externalSchemas, ajvOptions);
      return (route) => {
        let validate: Validator | undefined;
        // Fastify reads `.errors` from the function it was given, as Ajv's functions carry them.
        const lazy = ((data: unknown) => {
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
