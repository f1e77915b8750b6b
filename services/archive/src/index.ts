// The archive's public face: what the CLI, benches and tests may use.
export { ArchiveConfig, ArchiveSection, DEFAULT_DATABASE_URL, archiveNames } from './config.ts';
export { createPool, migrate, pingDb, classifyDbError } from './io/db.ts';
export { startArchiveIntake, type ArchiveIntake } from './io/start-archive.ts';
export { createArchiveWriter, type ArchiveWriter } from './io/writer.ts';
export { applyRetention } from './io/retention.ts';
export {
  searchItems,
  searchIlike,
  listItems,
  hasSearchableWords,
  exportQuery,
} from './io/queries.ts';
export { toCsvLine, CSV_COLUMNS } from './core/export-format.ts';
export { describeIssues } from './core/params.ts';
export { readStory, readDyadSeries, readEntity, listAlerts } from './io/read-models.ts';
export { createApi } from './api/routes.ts';
export { openApiDocument, responseSchemas } from './api/openapi.ts';
export { toItemRows } from './core/item-rows.ts';
export { mergeBatch } from './core/merge-batch.ts';
export { toAlertRow, toDeliveryRow } from './core/event-rows.ts';
export { SearchParams, ExportParams, parseTime } from './core/params.ts';
export { archiveAlert, archiveItem, prng } from './fixtures/items.ts';
export { replayArchivedItems, type ReplayOptions } from './io/replay.ts';
export { toReplayItem } from './core/replay-item.ts';
