import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Logs and the diagnostics an operator sends to support. Main and the renderer write to rotating
 * files in the user's data folder (`logs/main.log`, `logs/renderer.log`, five of 1 MB each); what
 * is written and what is exported has phone numbers, e-mail addresses and tokens masked, so a
 * diagnostics file carries no prospect's personal data.
 */

/** Masks what could identify a person or open a session. */
export function redact(text: string): string {
  return (
    text
      .replace(/\b(Bearer|token|refreshToken|password)(["':=\s]+)[^\s"',}]+/gi, '$1$2<hidden>')
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '<e-mail>')
      // Runs of seven digits or more are phones, but for dates and times (2027-03-03, 2027-03-03 10:00).
      .replace(/\+?\d[\d\s().-]{5,}\d/g, (run) =>
        run.replace(/\D/g, '').length >= 7 && !/^\d{4}-\d\d-\d\d(\s\d\d)?$/.test(run) ? '<number>' : run,
      )
  );
}

export class RotatingLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(dir: string, name: string, options: { maxBytes?: number; keep?: number } = {}) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${name}.log`);
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 5;
  }

  write(level: 'info' | 'warn' | 'error', message: string, at = new Date()): void {
    const line = `${at.toISOString()} ${level.toUpperCase()} ${redact(message).replace(/\n/g, '\n    ')}\n`;
    try {
      if (existsSync(this.file) && statSync(this.file).size + line.length > this.maxBytes) this.rotate();
      appendFileSync(this.file, line);
    } catch {
      // A full or read-only disk must not stop the app: the log is for support, not for work.
    }
  }

  /** The log's files, newest first. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.keep - 1 }, (_, i) => this.numbered(i + 1))].filter((f) =>
      existsSync(f),
    );
  }

  private numbered(n: number): string {
    return this.file.replace(/\.log$/, `.${n}.log`);
  }

  private rotate(): void {
    rmSync(this.numbered(this.keep - 1), { force: true });
    for (let n = this.keep - 2; n >= 1; n--) {
      if (existsSync(this.numbered(n))) renameSync(this.numbered(n), this.numbered(n + 1));
    }
    renameSync(this.file, this.numbered(1));
  }
}

export interface DiagnosticsInput {
  versions: Record<string, string>;
  platform: string;
  server: { url: string | null; source: string };
  /** What the renderer reports: connection, last sync, writes waiting per collection. */
  sync: unknown;
  logs: RotatingLog[];
  now: Date;
}

/** The file support receives: versions, server, sync state and the logs, with personal data masked. */
export function diagnosticsBundle(input: DiagnosticsInput): string {
  const logs = Object.fromEntries(
    input.logs.flatMap((log) =>
      log
        .files()
        .toReversed()
        .map((file) => [path.basename(file), redact(readFileSync(file, 'utf8'))]),
    ),
  );
  return JSON.stringify(
    {
      generatedAt: input.now.toISOString(),
      platform: input.platform,
      versions: input.versions,
      server: input.server,
      sync: JSON.parse(redact(JSON.stringify(input.sync ?? null))) as unknown,
      logs,
    },
    null,
    2,
  );
}
