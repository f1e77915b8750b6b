import { z } from 'zod';
import * as S from './schemas.ts';

// The OpenAPI 3.1 document served at /api/v1/openapi.json, its schemas generated from the
// response shapes in schemas.ts.

const json = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;

const components = {
  SearchPage: S.SearchPage,
  ItemsPage: S.ItemsPage,
  Story: S.Story,
  AlertsPage: S.AlertsPage,
  Entity: S.Entity,
  DyadSeries: S.DyadSeries,
  Problem: S.Problem,
};

const q = (
  name: string,
  description: string,
  schema: Record<string, unknown> = { type: 'string' },
  required = false,
) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const path = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const filters = [
  q('since', 'start: a date, an ISO time, or a span back from now (30d, 12h)'),
  q('until', 'end (exclusive), same forms as since'),
  q('entity', 'actor id, e.g. RUS or ORG:NATO'),
  q('dyad', 'two actor ids, e.g. RUS-UKR (either direction)'),
  q('topic', 'tension topic name or CAMEO code'),
  q('feed', 'feed id'),
  q('lang', 'language code of the item, e.g. en'),
  q('minScore', 'lowest tension score, 0..1', { type: 'number', minimum: 0, maximum: 1 }),
  q('story', 'story id'),
];
const pageParams = [
  q('limit', 'page size (capped by archive.maxPageSize)', { type: 'integer', minimum: 1 }),
  q('cursor', 'nextCursor of the previous page'),
];
const errors = {
  '400': {
    description: 'bad parameter, query or cursor',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
  '401': {
    description: 'no or wrong token',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
  '429': {
    description: 'rate limit',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};
const ok = (ref: string) => ({
  '200': {
    description: 'OK',
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
  },
  ...errors,
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Faultline archive',
    version: '1.0.0',
    description:
      'What Faultline saw: items, stories with all their sources, actors, dyad tension and alerts.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/search': {
      get: {
        summary: 'Full-text search (web-search syntax), ranked, with highlighted snippets',
        parameters: [
          q('q', 'words, "a phrase", -excluded, or', { type: 'string' }, true),
          ...filters,
          ...pageParams,
        ],
        responses: ok('SearchPage'),
      },
    },
    '/api/v1/items': {
      get: {
        summary: 'Items, newest first',
        parameters: [...filters, ...pageParams],
        responses: ok('ItemsPage'),
      },
    },
    '/api/v1/stories/{id}': {
      get: {
        summary:
          'A story: every source that carried it, its items with evidence, actors and alerts',
        parameters: [path('id', 'story id')],
        responses: { ...ok('Story'), '404': errors['400'] },
      },
    },
    '/api/v1/alerts': {
      get: {
        summary: 'Alerts with their delivery outcomes, newest first',
        parameters: [
          q('since', 'start'),
          q('until', 'end'),
          q('rule', 'rule id'),
          q('story', 'story id'),
          q('severity', 'severity', {
            type: 'string',
            enum: ['info', 'low', 'medium', 'high', 'critical'],
          }),
          ...pageParams,
        ],
        responses: ok('AlertsPage'),
      },
    },
    '/api/v1/entities/{id}': {
      get: {
        summary: 'An actor: mentions per day and the actors seen with it',
        parameters: [
          path('id', 'actor id'),
          q('since', 'start (default 90 days ago)'),
          q('until', 'end'),
        ],
        responses: { ...ok('Entity'), '404': errors['400'] },
      },
    },
    '/api/v1/dyads/{a}/{b}/series': {
      get: {
        summary: "A dyad's tension per hour, day or week",
        parameters: [
          path('a', 'source actor id'),
          path('b', 'target actor id'),
          q('since', 'start (default 90 days ago)'),
          q('until', 'end'),
          q('bucket', 'bucket', { type: 'string', enum: ['hour', 'day', 'week'] }),
          q('both', 'both directions together', { type: 'string', enum: ['true', 'false'] }),
        ],
        responses: ok('DyadSeries'),
      },
    },
    '/api/v1/export': {
      get: {
        summary: 'Items as NDJSON or CSV, streamed',
        parameters: [
          q('q', 'optional search words'),
          ...filters,
          q('format', 'ndjson or csv', { type: 'string', enum: ['ndjson', 'csv'] }),
          q('limit', 'at most this many rows', { type: 'integer', minimum: 1 }),
        ],
        responses: {
          '200': {
            description: 'one item per line',
            content: {
              'application/x-ndjson': { schema: { type: 'string' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: Object.fromEntries(
      Object.entries(components).map(([name, schema]) => {
        const { $schema: _drop, ...rest } = json(schema);
        return [name, rest];
      }),
    ),
  },
} as const;

/** The zod schema for each documented path's 200 JSON response (for the API test). */
export const responseSchemas: Record<string, z.ZodType> = {
  '/api/v1/search': S.SearchPage,
  '/api/v1/items': S.ItemsPage,
  '/api/v1/stories/{id}': S.Story,
  '/api/v1/alerts': S.AlertsPage,
  '/api/v1/entities/{id}': S.Entity,
  '/api/v1/dyads/{a}/{b}/series': S.DyadSeries,
};
