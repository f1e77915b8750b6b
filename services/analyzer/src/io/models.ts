import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '@faultline/shared/log';
import { loadKnowledgeBase, type KnowledgeBase } from '../core/entities/index.ts';
import { compiledLanguage, LANGUAGE_TABLES } from '../core/multilingual/languages.ts';
import { loadTensionModel, MODEL_DIR, type TensionModel } from '../core/tension/model.ts';

// The knowledge base and tension model, loaded once per process and swapped atomically on
// reload (SIGHUP or a change to the model files). A failed reload keeps the models in use.

export interface Models {
  kb: KnowledgeBase;
  tension: TensionModel;
}

export interface ModelHolder {
  current(): Models;
  reload(reason: string): boolean;
  close(): void;
}

export function holdModels(options: {
  log: Logger;
  tensionModelDir?: string | undefined;
  kbDir?: string | undefined;
  watch?: boolean;
}): ModelHolder {
  const log = options.log.child({ component: 'models' });
  const load = (): Models => {
    const kb = options.kbDir ? loadKnowledgeBase({ dir: options.kbDir }) : loadKnowledgeBase();
    // Compiled now, not on the first item in each language (Chinese takes about a second).
    for (const t of LANGUAGE_TABLES) compiledLanguage(t.code, kb.index);
    return { kb, tension: loadTensionModel(options.tensionModelDir ?? MODEL_DIR) };
  };
  let models = load();
  log.info({ tension: models.tension.version }, 'models loaded');
  const reload = (reason: string) => {
    try {
      models = load();
      log.info({ reason, tension: models.tension.version }, 'models reloaded');
      return true;
    } catch (err) {
      log.error({ err, reason }, 'model reload failed; keeping the models in use');
      return false;
    }
  };
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  if (options.watch) {
    for (const dir of [options.tensionModelDir ?? MODEL_DIR, options.kbDir].filter(Boolean)) {
      const w = watch(dir!, () => {
        clearTimeout(timer);
        timer = setTimeout(() => reload(`files changed in ${dir}`), 500);
      });
      w.unref();
      watchers.push(w);
    }
  }
  const onHup = () => void reload('SIGHUP');
  process.on('SIGHUP', onHup);
  return {
    current: () => models,
    reload,
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGHUP', onHup);
    },
  };
}
