/** Progress and problems as events, printed as text lines or as JSON lines (`--log-format json`). */

export interface LogEvent {
  level: 'info' | 'warn' | 'error';
  /** The source the event is about, if any. */
  source?: string;
  message: string;
}

export type Logger = (event: LogEvent) => void;

export type LogFormat = 'text' | 'json';

/** "mops-krakow: 2 new, …", "mops-sopot: warning: …"; events without a source print their message alone. */
export function formatLogEvent(event: LogEvent, format: LogFormat, now = new Date()): string {
  if (format === 'json') return JSON.stringify({ time: now.toISOString(), level: event.level, ...(event.source ? { source: event.source } : {}), message: event.message });
  const prefix = event.source ? `${event.source}: ` : '';
  return `${prefix}${event.level === 'warn' ? 'warning: ' : ''}${event.message}`;
}
