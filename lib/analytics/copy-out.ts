import type pg from 'pg';

/** Protocol message codes (PostgreSQL frontend/backend protocol 3.0). */
const COPY_DATA = 0x64; // d
const COPY_OUT_RESPONSE = 0x48; // H
const NOTICE_RESPONSE = 0x4e; // N
const NOTIFICATION_RESPONSE = 0x41; // A
const PARAMETER_STATUS = 0x53; // S

type Connection = {
  stream: NodeJS.ReadableStream;
  query(text: string): void;
};

/**
 * `COPY … TO STDOUT` on a pg client, its CopyData payloads handed to `onData(buffer, start, end)`
 * straight from the socket's buffers: no Buffer, object or stream chunk per row (pg-copy-streams,
 * which this follows, makes a Buffer per row and a stream chunk per read). PostgreSQL sends a
 * binary COPY's rows one per CopyData message. The query takes over the connection's socket from
 * pg's parser for the copy, and hands back what follows CopyDone (CommandComplete, ReadyForQuery,
 * or an error) for pg to handle as usual.
 */
export function copyOut(
  client: pg.Client,
  text: string,
  onData: (buffer: Buffer, start: number, end: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    client.query(new CopyOutQuery(text, onData, resolve, reject) as unknown as pg.QueryConfig);
  });
}

class CopyOutQuery {
  private connection: Connection | null = null;
  private pgHandler: ((chunk: Buffer) => void) | null = null;
  private rest: Buffer | null = null;
  private failure: Error | null = null;
  private readonly onReadable = () => this.forward();

  constructor(
    private readonly text: string,
    private readonly onData: (buffer: Buffer, start: number, end: number) => void,
    private readonly resolve: () => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** pg calls this when the query's turn comes. */
  submit(connection: Connection): void {
    this.connection = connection;
    const stream = connection.stream;
    const listeners = stream.listeners('data');
    if (listeners.length !== 1) throw new Error('copyOut: unexpected socket listeners');
    this.pgHandler = listeners[0] as (chunk: Buffer) => void;
    stream.removeListener('data', this.pgHandler);
    stream.pause();
    stream.on('readable', this.onReadable);
    connection.query(this.text);
    this.forward();
  }

  private forward(): void {
    const stream = this.connection?.stream;
    if (!stream) return;
    let chunk = stream.read() as Buffer | null;
    while (chunk !== null) {
      if (this.parse(chunk)) return;
      chunk = stream.read() as Buffer | null;
    }
  }

  /** Handles the messages in a chunk; true once the copy is over and the socket handed back. */
  private parse(chunk: Buffer): boolean {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    let p = 0;
    while (p + 5 <= buf.length) {
      const code = buf[p];
      const length = buf.readUInt32BE(p + 1); // includes itself, not the code
      if (code === COPY_DATA || code === COPY_OUT_RESPONSE || code === NOTICE_RESPONSE) {
        if (p + 1 + length > buf.length) break;
        if (code === COPY_DATA && !this.failure) {
          try {
            this.onData(buf, p + 5, p + 1 + length);
          } catch (error) {
            // Keep reading to the end of the copy, then fail: the connection stays usable.
            this.failure = error instanceof Error ? error : new Error(String(error));
          }
        }
        p += 1 + length;
        continue;
      }
      if (code === NOTIFICATION_RESPONSE || code === PARAMETER_STATUS) {
        // Asynchronous messages pg would handle: rare during a copy; pg gets them after it.
        if (p + 1 + length > buf.length) break;
        p += 1 + length;
        continue;
      }
      // CopyDone, ErrorResponse or anything else: the copy is over; pg parses the rest.
      this.detach(buf.subarray(p));
      return true;
    }
    if (p < buf.length) this.rest = Buffer.from(buf.subarray(p));
    return false;
  }

  private detach(unread: Buffer): void {
    const connection = this.connection!;
    const stream = connection.stream;
    stream.removeListener('readable', this.onReadable);
    stream.on('data', this.pgHandler!);
    this.pgHandler!(unread);
    // As pg-copy-streams: resume on the next tick, after pg's handler has run.
    process.nextTick(() => stream.resume());
    this.connection = null;
  }

  /** pg: the server reported an error (the copy failed). */
  handleError(error: Error): void {
    this.failure = error;
  }

  handleCommandComplete(): void {}

  /** pg: the query is over (after CommandComplete or an error). */
  handleReadyForQuery(): void {
    if (this.failure) this.reject(this.failure);
    else this.resolve();
  }
}
