/**
 * footnote's binary word-vector cache. Opening it parses nothing: words are looked up by binary
 * search over a sorted index, so start-up builds no hash map, and vectors are read by page.
 *
 * Layout (little-endian): magic "FNGLOVE1", u32 dims, u32 count, u32 wordBytes, u32 reserved,
 * f32 scale[count], i8 vector[count*dims] (unit vectors, quantised), padding to 4 bytes,
 * u32 wordOffset[count+1], u32 sorted[count] (ranks ordered by word bytes), UTF-8 words.
 * Words are stored in frequency-rank order, which SIF weighting uses.
 */
const MAGIC = 'FNGLOVE1';
/** Bytes of the header, which `readGloveLayout` reads. */
export const GLOVE_HEADER_BYTES = 24;
/** What opening a cache file of another size than its header gives says. */
export const GLOVE_WRONG_SIZE = 'GloVe cache has the wrong size (truncated?)';

export interface GloveTable {
  dims: number;
  count: number;
  /** Rank (0 = most frequent) of a word, or -1. */
  rankOf(word: string): number;
  /** Writes the unit vector of `rank` into `out` (length dims). */
  vectorInto(rank: number, out: Float32Array): void;
  wordAt(rank: number): string;
}

const align4 = (n: number) => (n + 3) & ~3;

export function encodeGloveCache(words: string[], vectors: Float32Array[], dims: number): Buffer {
  const count = words.length;
  const wordBufs = words.map((w) => Buffer.from(w, 'utf8'));
  const wordBytes = wordBufs.reduce((n, b) => n + b.length, 0);
  const layout = layoutOf(dims, count, wordBytes);
  const { vectorsAt: vecStart, lookupAt: offStart, sortedAt: sortedStart, wordsAt: wordsStart } = layout;
  const out = Buffer.alloc(layout.size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(dims, 8);
  out.writeUInt32LE(count, 12);
  out.writeUInt32LE(wordBytes, 16);
  for (let r = 0; r < count; r++) {
    const v = vectors[r]!;
    let norm = 0;
    for (let i = 0; i < dims; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(v[i]! / norm));
    const scale = max / 127 || 1;
    out.writeFloatLE(scale, GLOVE_HEADER_BYTES + 4 * r);
    for (let i = 0; i < dims; i++) out.writeInt8(Math.round(v[i]! / norm / scale), vecStart + r * dims + i);
  }
  let at = 0;
  for (let r = 0; r < count; r++) {
    out.writeUInt32LE(at, offStart + 4 * r);
    wordBufs[r]!.copy(out, wordsStart + at);
    at += wordBufs[r]!.length;
  }
  out.writeUInt32LE(at, offStart + 4 * count);
  const sorted = [...Array(count).keys()].sort((a, b) => Buffer.compare(wordBufs[a]!, wordBufs[b]!));
  sorted.forEach((rank, i) => out.writeUInt32LE(rank, sortedStart + 4 * i));
  return out;
}

/** Where each part of a cache file lies, read from its 24-byte header. */
export interface GloveLayout {
  dims: number;
  count: number;
  vectorsAt: number;
  /** Start of the lookup part: word offsets (u32[count+1]), the sorted ranks, then the words. */
  lookupAt: number;
  sortedAt: number;
  wordsAt: number;
  /** Size the whole file must have. */
  size: number;
}

/** Reads a cache header; throws if it is not one (the caller then rebuilds the cache). */
export function readGloveLayout(header: Buffer): GloveLayout {
  if (header.length < GLOVE_HEADER_BYTES || header.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a footnote GloVe cache');
  return layoutOf(header.readUInt32LE(8), header.readUInt32LE(12), header.readUInt32LE(16));
}

/** The layout of a cache of `count` words of `dims` dimensions, their UTF-8 taking `wordBytes`. */
function layoutOf(dims: number, count: number, wordBytes: number): GloveLayout {
  const vectorsAt = GLOVE_HEADER_BYTES + 4 * count;
  const lookupAt = align4(vectorsAt + count * dims);
  const sortedAt = lookupAt + 4 * (count + 1);
  const wordsAt = sortedAt + 4 * count;
  return { dims, count, vectorsAt, lookupAt, sortedAt, wordsAt, size: wordsAt + wordBytes };
}

/** Ranks per page of vectors: a page is what a lazily read table reads at once (~50 KB at 100 dims). */
export const GLOVE_PAGE_RANKS = 512;
// A shift, not a division: every word of every text embedded goes through here.
const PAGE_SHIFT = Math.log2(GLOVE_PAGE_RANKS);

/**
 * A table over the parts of a cache. `scales` and `lookup` are the cache's scale and lookup parts
 * (lookup 4-byte aligned); `vectors` holds the quantised vectors of all ranks. With `readPage`,
 * `vectors` starts empty and `readPage(p, into)` fills the part for ranks from
 * p*GLOVE_PAGE_RANKS on, once, when a word first needs it: a question reads a few pages, not the
 * 34 MB of all of them. One array rather than an array per page keeps a lookup as cheap as with
 * the whole file in memory (measured: separate pages cost ~40 ns more per word); the pages never
 * written stay zero pages the system has not backed with memory.
 */
export function gloveTable(
  layout: GloveLayout,
  scales: Float32Array,
  lookup: Buffer,
  vectors: Int8Array,
  readPage?: (p: number, into: Int8Array) => void,
): GloveTable {
  const { dims, count } = layout;
  const pageBytes = GLOVE_PAGE_RANKS * dims;
  const read = readPage ? new Uint8Array(Math.ceil(count / GLOVE_PAGE_RANKS)) : undefined;
  const loadPage = (p: number) => {
    readPage!(p, vectors.subarray(p * pageBytes, Math.min((p + 1) * pageBytes, vectors.length)));
    read![p] = 1;
  };
  // `lookup` starts at lookupAt: the lookup part's own offsets are relative to it.
  const offsets = new Uint32Array(lookup.buffer, lookup.byteOffset, count + 1);
  const sorted = new Uint32Array(lookup.buffer, lookup.byteOffset + layout.sortedAt - layout.lookupAt, count);
  const words = lookup.subarray(layout.wordsAt - layout.lookupAt);
  const wordBuf = (rank: number) => words.subarray(offsets[rank]!, offsets[rank + 1]!);
  return {
    dims,
    count,
    rankOf(word) {
      const key = Buffer.from(word, 'utf8');
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const rank = sorted[mid]!;
        const c = Buffer.compare(wordBuf(rank), key);
        if (c === 0) return rank;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    vectorInto(rank, out) {
      const s = scales[rank]!;
      const page = rank >>> PAGE_SHIFT;
      if (read !== undefined && read[page] === 0) loadPage(page);
      const at = rank * dims;
      for (let i = 0; i < dims; i++) out[i] = vectors[at + i]! * s;
    },
    wordAt(rank) {
      return wordBuf(rank).toString('utf8');
    },
  };
}

/** Opens a whole cache held in memory; throws if it is not one (the caller then rebuilds it). */
export function openGloveCache(buf: Buffer): GloveTable {
  const layout = readGloveLayout(buf);
  if (buf.length !== layout.size) throw new Error(GLOVE_WRONG_SIZE);
  // Typed-array views need aligned offsets; copy once if the buffer is not aligned.
  const base = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
  const scales = new Float32Array(base.buffer, base.byteOffset + GLOVE_HEADER_BYTES, layout.count);
  const vectors = new Int8Array(base.buffer, base.byteOffset + layout.vectorsAt, layout.count * layout.dims);
  return gloveTable(layout, scales, base.subarray(layout.lookupAt), vectors);
}
