// The cases of issue 6, in order.
import type { BenchOptions, CaseResult } from './lib/report';
import { streamCase } from './stream/streamCase';
import { historyCase } from './history/historyCase';
import { renderCase } from './render/renderCase';
import { startCase } from './start/startCase';
import { editorCase } from './editor/editorCase';

export interface BenchCase {
  id: number;
  title: string;
  run(opts: BenchOptions): Promise<CaseResult>;
}

export const CASES: BenchCase[] = [
  { id: 1, title: 'Stream consumption', run: streamCase },
  { id: 2, title: 'Rendering a streamed answer', run: renderCase },
  { id: 3, title: 'History growth', run: historyCase },
  { id: 4, title: 'Start and size', run: startCase },
  { id: 5, title: 'Chunk to screen in the real editor', run: editorCase },
];
