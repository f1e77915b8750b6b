import {
  trainSoftmax,
  predictProbs,
  CLASSES,
  type Example,
  type TrainOptions,
  type Weights,
} from './classifier.ts';

// Training settings shared by the training script and the cross-validated evaluation, so the
// numbers reported are for exactly the model that gets committed.

export const TRAIN_OPTIONS: TrainOptions = { epochs: 50, learningRate: 0.05, l2: 1e-4, seed: 7 };

export function classWeightsFor(examples: Example[]): number[] {
  const counts = new Array<number>(CLASSES).fill(0);
  for (const e of examples) counts[e.label]!++;
  return counts.map((n) => (n ? examples.length / (CLASSES * n) : 1));
}

export function trainTensionClassifier(
  examples: Example[],
  options: TrainOptions = TRAIN_OPTIONS,
): Weights {
  return trainSoftmax(examples, { ...options, classWeights: classWeightsFor(examples) });
}

/** Stratified k-fold: fold of each example (deterministic round-robin within each class). */
export function assignFolds(labels: number[], k: number): number[] {
  const seen = new Array<number>(CLASSES).fill(0);
  return labels.map((l) => seen[l]!++ % k);
}

/** Out-of-fold class probabilities: each example scored by a model that never saw it. */
export function crossValidateProbs(
  examples: Example[],
  k: number,
  options: TrainOptions = TRAIN_OPTIONS,
): number[][] {
  const folds = assignFolds(
    examples.map((e) => e.label),
    k,
  );
  const out: number[][] = new Array(examples.length);
  for (let f = 0; f < k; f++) {
    const weights = trainTensionClassifier(
      examples.filter((_, i) => folds[i] !== f),
      options,
    );
    examples.forEach((e, i) => {
      if (folds[i] === f) out[i] = predictProbs(weights, e.feats);
    });
  }
  return out;
}
