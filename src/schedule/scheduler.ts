/**
 * The daemon's clock: one node-cron task per source, in Europe/Warsaw time,
 * each run after a small random pause so that sources on one schedule do not
 * all start together. Never two runs of one source at once, and runs of
 * sources that share a host one after another, so the host never sees two
 * crawls. What a run does is the caller's business: the scheduler only says
 * when.
 */
import { setMaxListeners } from 'node:events';
import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';

export const TIME_ZONE = 'Europe/Warsaw';

export interface Job {
  id: string;
  /** Cron expression: five fields, or six with seconds first. */
  cron: string;
  /** Jobs with the same host never run at the same time. */
  host: string;
}

export type RunReason = 'start-up' | 'scheduled' | 'added';

export type RunJob = (id: string, reason: RunReason, signal: AbortSignal) => Promise<void>;

export interface SchedulerOptions {
  /** Upper bound of the random pause before each scheduled run, in ms. */
  jitterMs: number;
  log: Logger;
}

interface Scheduled {
  job: Job;
  task: ScheduledTask;
}

export class Scheduler {
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly running = new Map<string, Promise<void>>();
  /** The last run queued per host: the next one on that host waits for it. */
  private readonly hostQueue = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();

  constructor(
    private readonly runJob: RunJob,
    private options: SchedulerOptions,
  ) {
    // Every running source listens for the stop: as many listeners as sources crawled at once, not a leak.
    setMaxListeners(0, this.controller.signal);
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Schedules exactly `jobs`: new ones are added, ones whose schedule or host
   * changed are rescheduled, missing ones removed (a run in progress is left
   * to finish). Returns the ids that were not scheduled before.
   */
  setJobs(jobs: Job[], options: SchedulerOptions = this.options): string[] {
    const jitterChanged = options.jitterMs !== this.options.jitterMs;
    this.options = options;
    const before = new Set(this.scheduled.keys());
    const wanted = new Map(jobs.map((job) => [job.id, job]));
    for (const [id, { job, task }] of this.scheduled) {
      const next = wanted.get(id);
      if (!next || next.cron !== job.cron || next.host !== job.host || jitterChanged) {
        void task.destroy();
        this.scheduled.delete(id);
      }
    }
    const added: string[] = [];
    for (const job of jobs) {
      if (this.scheduled.has(job.id)) continue;
      const task = createTask(job.cron, () => this.trigger(job.id, 'scheduled'), {
        name: job.id,
        timezone: TIME_ZONE,
        maxRandomDelay: this.options.jitterMs,
        logger: cronLogger(this.options.log),
      });
      void task.start();
      this.scheduled.set(job.id, { job, task });
      if (!before.has(job.id)) added.push(job.id);
    }
    return added;
  }

  /** The ids scheduled now. */
  jobIds(): string[] {
    return [...this.scheduled.keys()];
  }

  /** When the job runs next (before its random pause), or null. */
  nextRun(id: string): Date | null {
    return this.scheduled.get(id)?.task.getNextRun() ?? null;
  }

  /**
   * Runs a job now, after any run on the same host ends. If the job is
   * already running or waiting for its host, this turn is skipped and the
   * promise of that run is returned instead.
   */
  trigger(id: string, reason: RunReason): Promise<void> {
    const job = this.scheduled.get(id)?.job;
    if (!job || this.stopped) return Promise.resolve();
    const current = this.running.get(id);
    if (current) {
      this.options.log({ level: 'info', source: id, message: `still running: this ${reason} run is skipped` });
      return current;
    }
    const signal = this.controller.signal;
    const run = (this.hostQueue.get(job.host) ?? Promise.resolve())
      .then(() => (signal.aborted ? undefined : this.runJob(id, reason, signal)))
      .catch((error: unknown) => this.options.log({ level: 'error', source: id, message: `run failed: ${(error as Error).message}` }))
      .finally(() => {
        this.running.delete(id);
        if (this.hostQueue.get(job.host) === run) this.hostQueue.delete(job.host);
      });
    this.running.set(id, run);
    this.hostQueue.set(job.host, run);
    return run;
  }

  /** Stops every schedule, signals runs in progress to stop, and waits for them. */
  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.all([...this.scheduled.values()].map(({ task }) => task.destroy()));
    this.scheduled.clear();
    await Promise.allSettled([...this.running.values()]);
  }
}

/** node-cron's own messages (missed runs, for instance) as opsfeed log events. */
function cronLogger(log: Logger) {
  const message = (text: string | Error) => `schedule: ${text instanceof Error ? text.message : text}`;
  return {
    info: () => {},
    debug: () => {},
    warn: (text: string) => log({ level: 'warn', message: message(text) }),
    error: (text: string | Error) => log({ level: 'error', message: message(text) }),
  };
}
