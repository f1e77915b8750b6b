import { expect, it } from 'vitest';
import { bigramText, prepareQuery, queryConfigs, searchConfigFor } from './text-search.ts';

it('reads each language with its own text-search config, others with simple', () => {
  expect(searchConfigFor('en')).toBe('english');
  expect(searchConfigFor('ru-RU')).toBe('russian');
  expect(searchConfigFor('ar')).toBe('arabic');
  expect(searchConfigFor('zh')).toBe('simple');
  expect(searchConfigFor('xx')).toBe('simple');
});

it('cuts unspaced scripts into overlapping bigrams, leaving other text alone', () => {
  expect(bigramText('北约峰会 NATO summit').trim()).toBe('北约 约峰 峰会  NATO summit');
  expect(bigramText('plain text')).toBe('plain text');
  expect(prepareQuery('峰会 talks').trim()).toBe('"峰会"  talks');
  expect(prepareQuery('北约峰会')).toContain('"北约 约峰 峰会"');
});

it('reads a query in the configs of its scripts, or of the language asked for', () => {
  expect(queryConfigs('nato talks')).toEqual(['english', 'german', 'french', 'spanish', 'simple']);
  expect(queryConfigs('переговоры')).toEqual(['russian', 'simple']);
  expect(queryConfigs('峰会')).toEqual(['simple']);
  expect(queryConfigs('talks', 'de')).toEqual(['german', 'simple']);
});
