import * as fs from 'fs';
import { ErrorCodes, PiraeusError } from '../errors';
import { DigestLock, parseLock } from '../mirror/lock';

/**
 * A digest lock: image references mapped to the digests the user resolved (with
 * `cdk8s-piraeus lock import`). With a lock, every image the install can run is emitted with its
 * digest, in the image ConfigMap and in the pins.
 */
export class ImageDigestLock {
  /** A lock file (JSON or YAML) as `cdk8s-piraeus lock import` writes it. */
  public static fromFile(file: string): ImageDigestLock {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new PiraeusError(ErrorCodes.FILE_UNREADABLE, `cannot read the digest lock: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
    }
    return new ImageDigestLock(parseLock(text, file), file);
  }

  /** A lock given as text (JSON or YAML); `source` names it in messages. */
  public static fromText(text: string, source = 'digest lock'): ImageDigestLock {
    return new ImageDigestLock(parseLock(text, source), source);
  }

  /** The parsed lock. */
  public readonly lock: DigestLock;
  /** Where it came from, for messages. */
  public readonly source: string;

  private constructor(lock: DigestLock, source: string) {
    this.lock = lock;
    this.source = source;
  }
}
