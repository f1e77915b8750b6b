import {
  trainSoftmax,
  predictProbs,
  CLASSES,
  type Example,
  type TrainOptions,
  type Weights,
} from './classifier.ts';

// Training settings shared by the training script and the cross-validated evaluation, so the
// numbers reported are for exactly the procedure that produces the committed model. The L2
// strength is not fixed: it is chosen on the training examples alone, by an inner stratified
// cross-validation (so an outer CV fold never influences the choice used to score it).

export const TRAIN_OPTIONS: TrainOptions = { epochs: 100, learningRate: 0.05, seed: 7 };

/** L2 strengths tried by the inner cross-validation. */
export const L2_GRID = [0.003, 0.01, 0.02, 0.03, 0.1];
export const INNER_FOLDS = 4;

export function classWeightsFor(examples: Example[]): number[] {
  const counts = new Array<number>(CLASSES).fill(0);
  for (const e of examples) counts[e.label]!++;
  return counts.map((n) => (n ? examples.length / (CLASSES * n) : 1));
}

function trainWith(examples: Example[], options: TrainOptions): Weights {
  return trainSoftmax(examples, { ...options, classWeights: classWeightsFor(examples) });
}

/** Stratified k-fold: fold of each example (deterministic round-robin within each class). */
export function assignFolds(labels: number[], k: number): number[] {
  const seen = new Array<number>(CLASSES).fill(0);
  return labels.map((l) => seen[l]!++ % k);
}

/** Binary conflict (label >= 3) F1 of the decision P(3) + P(4) >= 0.5, the sentence decision. */
export function conflictF1(labels: number[], probs: number[][]): number {
  let tp = 0,
    fp = 0,
    fn = 0;
  labels.forEach((l, i) => {
    const pred = probs[i]![3]! + probs[i]![4]! >= 0.5;
    if (pred && l >= 3) tp++;
    else if (pred) fp++;
    else if (l >= 3) fn++;
  });
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

/** Out-of-fold class probabilities: each example scored by a model that never saw it. */
export function crossValidateProbs(
  examples: Example[],
  k: number,
  options: TrainOptions,
): number[][] {
  const folds = assignFolds(
    examples.map((e) => e.label),
    k,
  );
  const out: number[][] = new Array(examples.length);
  for (let f = 0; f < k; f++) {
    const weights = trainWith(
      examples.filter((_, i) => folds[i] !== f),
      options,
    );
    examples.forEach((e, i) => {
      if (folds[i] === f) out[i] = predictProbs(weights, e.feats);
    });
  }
  return out;
}

export interface TrainedClassifier {
  weights: Weights;
  /** The L2 strength chosen by the inner cross-validation. */
  l2: number;
  /** Inner-CV conflict F1 of every L2 tried. */
  innerF1: Record<string, number>;
}

/**
 * Chooses the L2 strength by INNER_FOLDS-fold CV on `examples` (best conflict F1; the first of
 * L2_GRID on a tie), then trains on all of them with it.
 */
export function trainTensionClassifier(
  examples: Example[],
  options: TrainOptions = TRAIN_OPTIONS,
): TrainedClassifier {
  const labels = examples.map((e) => e.label);
  const innerF1: Record<string, number> = {};
  let best = L2_GRID[0]!;
  let bestF1 = -1;
  for (const l2 of L2_GRID) {
    const f1 = conflictF1(labels, crossValidateProbs(examples, INNER_FOLDS, { ...options, l2 }));
    innerF1[l2] = Math.round(f1 * 1e4) / 1e4;
    if (f1 > bestF1 + 1e-9) [best, bestF1] = [l2, f1];
  }
  return { weights: trainWith(examples, { ...options, l2: best }), l2: best, innerF1 };
}
