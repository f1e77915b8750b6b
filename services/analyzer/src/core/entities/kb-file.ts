import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KbFile } from './kb-types.ts';
import type { TaggerModel } from './tagger/model.ts';
import { deserializeModel } from './tagger/model-file.ts';
import { parseWordClusters } from './gazetteer.ts';

/** Folder of the committed model files. */
export const DEFAULT_MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), 'model');

export function readKbFile(dir = DEFAULT_MODEL_DIR): KbFile {
  return JSON.parse(gunzipSync(readFileSync(join(dir, 'kb.json.gz'))).toString('utf8')) as KbFile;
}

/** The trained tagger, or null when no model file is present yet. */
export function readTaggerModel(dir = DEFAULT_MODEL_DIR): TaggerModel | null {
  const path = join(dir, 'ner.bin.gz');
  return existsSync(path) ? deserializeModel(readFileSync(path)) : null;
}

/** The tagger's word clusters (clusters.txt.gz), or null when the folder has none. */
export function readWordClusters(dir = DEFAULT_MODEL_DIR): Map<string, number> | null {
  const path = join(dir, 'clusters.txt.gz');
  return existsSync(path)
    ? parseWordClusters(gunzipSync(readFileSync(path)).toString('utf8'))
    : null;
}

/** Where train-ner.ts records its choices and scores beside a weights file. */
export const trainingFileOf = (modelFile: string): string =>
  modelFile.replace(/\.bin\.gz$/, '') + '.training.json';
