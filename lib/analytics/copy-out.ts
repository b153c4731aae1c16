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

/** Messages of the copy itself (read here); anything else ends it and goes back to pg. */
const ours = (code: number) =>
  code === COPY_DATA ||
  code === COPY_OUT_RESPONSE ||
  code === NOTICE_RESPONSE ||
  code === NOTIFICATION_RESPONSE ||
  code === PARAMETER_STATUS;

/**
 * `COPY … TO STDOUT` on a pg client, its CopyData payloads handed to `onData(buffer, start, end)`
 * straight from the socket's chunks: no Buffer, object or stream chunk per row (pg-copy-streams,
 * which this follows, makes a Buffer per row and a stream chunk per read), and no copy of a chunk
 * (only a message that straddles two chunks is put together, from its own bytes). PostgreSQL sends
 * a binary COPY's rows one per CopyData message. The query takes over the connection's socket from
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
  /** The first bytes of a message the next chunk completes. */
  private pending: Buffer | null = null;
  private failure: Error | null = null;
  private readonly onChunk = (chunk: Buffer) => this.parse(chunk);

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
    stream.on('data', this.onChunk);
    connection.query(this.text);
  }

  /** Handles the messages of a chunk, until the copy is over (then the rest goes to pg). */
  private parse(chunk: Buffer): void {
    let p = 0;
    if (this.pending) {
      const taken = this.completePending(chunk);
      if (taken < 0) return;
      p = taken;
    }
    const n = chunk.length;
    while (p < n) {
      if (!ours(chunk[p])) {
        this.detach(chunk.subarray(p));
        return;
      }
      if (p + 5 > n) break;
      const end = p + 1 + chunk.readUInt32BE(p + 1); // the length includes itself, not the code
      if (end > n) break;
      this.message(chunk, p, end);
      p = end;
    }
    if (p < n) this.pending = Buffer.from(chunk.subarray(p));
  }

  /**
   * Adds the chunk's first bytes to the pending message: handles it once complete and returns how
   * many bytes of the chunk it took; −1 when the chunk is used up (still incomplete, or the copy
   * is over).
   */
  private completePending(chunk: Buffer): number {
    let message = this.pending!;
    this.pending = null;
    if (!ours(message[0])) {
      this.detach(Buffer.concat([message, chunk]));
      return -1;
    }
    let p = 0;
    if (message.length < 5) {
      p = Math.min(5 - message.length, chunk.length);
      message = Buffer.concat([message, chunk.subarray(0, p)]);
      if (message.length < 5) {
        this.pending = message;
        return -1;
      }
    }
    const size = 1 + message.readUInt32BE(1);
    const take = Math.min(size - message.length, chunk.length - p);
    message = Buffer.concat([message, chunk.subarray(p, p + take)]);
    p += take;
    if (message.length < size) {
      this.pending = message;
      return -1;
    }
    this.message(message, 0, size);
    return p;
  }

  /** One complete message of the copy at buf[start … end − 1]. */
  private message(buf: Buffer, start: number, end: number): void {
    // Asynchronous messages pg would handle (notices, notifications, parameter changes) are rare
    // during a copy and skipped.
    if (buf[start] !== COPY_DATA || this.failure) return;
    try {
      this.onData(buf, start + 5, end);
    } catch (error) {
      // Keep reading to the end of the copy, then fail: the connection stays usable.
      this.failure = error instanceof Error ? error : new Error(String(error));
    }
  }

  /** The socket back to pg's parser, with what was read past the copy's end. */
  private detach(unread: Buffer): void {
    this.restore();
    this.pgHandler!(unread);
  }

  private restore(): void {
    const stream = this.connection?.stream;
    if (!stream) return;
    stream.removeListener('data', this.onChunk);
    stream.on('data', this.pgHandler!);
    this.connection = null;
  }

  /**
   * pg: the server reported an error (the copy failed). The query is over for pg at once: it
   * clears its active query and tells this one nothing more (no ReadyForQuery), so fail now.
   */
  handleError(error: Error): void {
    // A socket that failed or closed mid-copy: give pg its parser back (a server error came through
    // detach, which has).
    this.restore();
    this.reject(error);
  }

  handleCommandComplete(): void {}

  /** pg: the query is over (after CommandComplete). */
  handleReadyForQuery(): void {
    if (this.failure) this.reject(this.failure);
    else this.resolve();
  }
}
