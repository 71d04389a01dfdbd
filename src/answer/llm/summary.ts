/**
 * Parses a generated summary into points and verifies each point's citations. Pure. A point with
 * no surviving citation is dropped: the summary, like an answer, only states what it can cite.
 */
import type { Passage, SummaryPoint } from '../../domain/types.js';
import { verifyCitations } from './citations.js';

const BULLET = /^\s*(?:[-*•–]|\d{1,2}[.)])\s+/;

/** Bullet lines ("- ", "* ", "• ", "1. ") as points; without any bullets, every non-empty line. */
export function parsePoints(text: string): string[] {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const bullets = lines.filter((l) => BULLET.test(l));
  return (bullets.length > 0 ? bullets : lines).map((l) => l.replace(BULLET, '').trim()).filter(Boolean);
}

export interface VerifiedSummary {
  points: SummaryPoint[];
  /** Points removed because none of their citations held. */
  droppedPoints: number;
  droppedMarkers: number;
}

export function verifySummary(text: string, passages: readonly Passage[]): VerifiedSummary {
  const points: SummaryPoint[] = [];
  let droppedPoints = 0;
  let droppedMarkers = 0;
  for (const point of parsePoints(text)) {
    const verified = verifyCitations(point, passages);
    droppedMarkers += verified.droppedMarkers;
    if (verified.citations.length === 0 || verified.declined) droppedPoints++;
    else points.push({ text: verified.answer, citations: verified.citations });
  }
  return { points, droppedPoints, droppedMarkers };
}
