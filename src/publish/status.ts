/**
 * Source health from the store's run history: is each source working, and
 * if not, since when and why. Rendered as status.json and as an RSS feed of
 * warnings (status.xml), so that someone monitoring the sector learns in a
 * feed reader that a source went silent or its layout changed.
 */
import { publishedJson } from './write.js';
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import type { LayerStats, RunSummary, SourceInfo } from '../store/types.js';
import { VERSION } from '../meta.js';
import { cdataSafe, escapeText } from './feeds.js';

export interface HealthWarning {
  /** Stable kind of the problem, e.g. "failing", "layout:title", "missing:published". */
  key: string;
  message: string;
  /** When the run that first showed it (in the current streak) started. */
  since: string;
}

export interface SourceHealth {
  id: string;
  name: string;
  url: string;
  state: 'ok' | 'warning' | 'failing' | 'never-run';
  lastRun: string | null;
  lastSuccess: string | null;
  lastError: { at: string; reason: string } | null;
  consecutiveFailures: number;
  lastRunSeen: number;
  lastRunNew: number;
  warnings: HealthWarning[];
}

const FIELD_NAMES: Record<string, string> = {
  listing: 'listing',
  title: 'title',
  published: 'publication date',
  author: 'author',
  content: 'article text',
};
// Fields every news item should have: most items without them means extraction has lost its way.
const ESSENTIAL_FIELDS = ['published', 'content'];
// Fields many items lack by nature: their selector is judged against its own past, not against every item.
const OPTIONAL_FIELDS = ['author'];

/** The problems one run shows, each with a stable key; `earlier` are the source's previous runs, newest first. */
export function runWarnings(run: RunSummary, earlier: RunSummary[] = []): Array<{ key: string; message: string }> {
  const warnings: Array<{ key: string; message: string }> = [];
  if (!run.ok) {
    const reason = run.error ?? 'unknown error';
    if (/no news items found/.test(reason)) {
      // A listing that gave items before has changed; one that never did may not be a listing at all (a zero-config source).
      const everRead = earlier.some((previous) => previous.seen > 0);
      warnings.push(
        everRead
          ? { key: 'layout:listing', message: 'layout changed? the listing page yields no news items' }
          : { key: 'empty:listing', message: 'no news items found on the listing page, never yet: is it a news listing? check it with `opsfeed probe URL`' },
      );
    }
    warnings.push({ key: 'failing', message: `the last run failed: ${reason}` });
  }
  if (run.layers) warnings.push(...layerWarnings(run.layers, earlier));
  return warnings;
}

/** True when most of the field's values came from its configured selector. */
function mostlyBySelector(stats: LayerStats | null, field: string): boolean {
  const byLayer = stats?.fields[field];
  if (!byLayer) return false;
  const total = Object.values(byLayer).reduce((sum, n) => sum + n, 0);
  return total > 0 && (byLayer.selector ?? 0) * 2 >= total;
}

function layerWarnings(stats: LayerStats, earlier: RunSummary[]): Array<{ key: string; message: string }> {
  const warnings: Array<{ key: string; message: string }> = [];
  for (const [field, byLayer] of Object.entries(stats.fields)) {
    const total = Object.values(byLayer).reduce((sum, n) => sum + n, 0);
    if (!total) continue;
    const usedToWork = !OPTIONAL_FIELDS.includes(field) || earlier.some((run) => mostlyBySelector(run.layers, field));
    const unit = field === 'listing' ? 'listing pages' : 'articles';
    const others = Object.entries(byLayer)
      .filter(([layer]) => layer !== 'selector')
      .map(([layer, n]) => (layer === 'none' ? `not found on ${n}` : `found by ${layer} on ${n}`))
      .join(', ');
    if (stats.configured.includes(field) && !mostlyBySelector(stats, field) && usedToWork) {
      warnings.push({
        key: `layout:${field}`,
        message: `layout changed? the configured ${FIELD_NAMES[field] ?? field} selector matched ${byLayer.selector ?? 0} of ${total} ${unit} (${others})`,
      });
    } else if (ESSENTIAL_FIELDS.includes(field) && (byLayer.none ?? 0) * 2 > total) {
      warnings.push({ key: `missing:${field}`, message: `no ${FIELD_NAMES[field]} found on ${byLayer.none} of ${total} articles` });
    }
  }
  return warnings;
}

/** Health of one source from its runs, newest first. */
export function sourceHealth(source: SourceInfo, runs: RunSummary[]): SourceHealth {
  const last = runs[0];
  const base = { id: source.id, name: source.name, url: source.url };
  if (!last) {
    return { ...base, state: 'never-run', lastRun: null, lastSuccess: null, lastError: null, consecutiveFailures: 0, lastRunSeen: 0, lastRunNew: 0, warnings: [] };
  }
  const consecutiveFailures = runs.findIndex((run) => run.ok) === -1 ? runs.length : runs.findIndex((run) => run.ok);
  const lastFailed = runs.find((run) => !run.ok);
  const perRun = runs.map((run, index) => new Map(runWarnings(run, runs.slice(index + 1)).map((warning) => [warning.key, warning.message])));
  const warnings = [...perRun[0]!].map(([key, message]) => {
    let streak = 0;
    while (streak + 1 < runs.length && perRun[streak + 1]!.has(key)) streak++;
    const described = key === 'failing' && consecutiveFailures > 1 ? `${message} (${consecutiveFailures} runs in a row)` : message;
    return { key, message: described, since: runs[streak]!.startedAt };
  });
  return {
    ...base,
    state: !last.ok ? 'failing' : warnings.length ? 'warning' : 'ok',
    lastRun: last.startedAt,
    lastSuccess: runs.find((run) => run.ok)?.finishedAt ?? null,
    lastError: lastFailed ? { at: lastFailed.startedAt, reason: lastFailed.error ?? 'unknown error' } : null,
    consecutiveFailures,
    lastRunSeen: last.seen,
    lastRunNew: last.new,
    warnings,
  };
}

export function renderStatusJson(healths: SourceHealth[], now: Date): string {
  return publishedJson({ generated: now.toISOString(), sources: healths });
}

/** An RSS feed whose items are the current warnings; an item keeps its guid for as long as its problem lasts. */
export function renderStatusFeed(healths: SourceHealth[], publicUrl: string): string {
  const warnings = healths
    .flatMap((health) => health.warnings.map((warning) => ({ health, warning })))
    .sort((a, b) => b.warning.since.localeCompare(a.warning.since));
  const feed = new Feed({
    title: 'opsfeed: stan źródeł',
    description: 'Ostrzeżenia o źródłach, które przestały działać lub zmieniły układ strony',
    id: `${publicUrl}status.xml`,
    link: `${publicUrl}status.json`,
    language: 'pl',
    generator: `opsfeed ${VERSION}`,
    updated: warnings[0] ? new Date(warnings[0].warning.since) : new Date(0),
    feedLinks: { rss: `${publicUrl}status.xml` },
  });
  for (const { health, warning } of warnings) {
    const guid = createHash('sha256').update(`${health.id}\n${warning.key}\n${warning.since}`).digest('hex').slice(0, 16);
    const details = [
      `Źródło: ${health.name} (${health.url})`,
      `Ostatnie uruchomienie: ${health.lastRun ?? 'nigdy'}`,
      `Ostatni sukces: ${health.lastSuccess ?? 'nigdy'}`,
      health.lastError ? `Ostatni błąd: ${health.lastError.reason}` : null,
    ].filter(Boolean);
    feed.addItem({
      title: cdataSafe(`${health.name}: ${warning.message}`),
      id: `urn:opsfeed:status:${guid}`,
      guid: `status:${guid}`,
      link: health.url,
      date: new Date(warning.since),
      description: cdataSafe(escapeText(`${warning.message}. ${details.join('. ')}`)),
    });
  }
  return feed.rss2();
}
