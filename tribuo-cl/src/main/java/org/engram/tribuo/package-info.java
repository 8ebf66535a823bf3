/**
 * Continual learning for Tribuo classification: {@link org.engram.tribuo.ContinualTrainer} (an
 * {@link org.tribuo.IncrementalTrainer}) and its presets train a multi-layer perceptron task after
 * task with a method of Engram's core, and {@link org.engram.tribuo.ContinualModel} carries the
 * network, the memory of past tasks and their history. The guide is docs/tribuo.md.
 *
 * <p><b>Inputs.</b> Tribuo numbers features by sorting their names as strings ({@code f0, f1, f10,
 * ..., f2}). The network's inputs follow another, stated order: the trainer's {@code featureNames}
 * as declared, else the first task's feature names in natural order (digit runs compare as numbers:
 * {@code f2} before {@code f10}); the model maps each Tribuo feature id to its input ({@link
 * org.engram.tribuo.ContinualModel#inputFeatureNames()}). The feature domain is fixed by the first
 * task or by {@code featureNames}: features of later tasks unknown to the model are ignored,
 * counted and logged. A value that is not a finite float (NaN, infinite, or beyond ±3.4e38) is
 * refused with the example's index and the feature's name.
 *
 * <p><b>Labels.</b> A label's id in the output domain is its class id in the network. Labels get
 * ids in the order they first appear, task after task, in natural order within a task; labels first
 * seen in a later task are appended and the output layer grows.
 *
 * <p><b>Tasks.</b> With {@code headMode = PER_TASK} each task has its own output head; an example's
 * task id is read from its metadata under {@code taskKey}: an integer in [0, 2^31 − 1], as any
 * whole number or its text. Fractions (1.7, "1.5") and numbers out of range (2^32 + 1) are refused,
 * never rounded. Training examples without it belong to the task being learned (0 for the first, 1
 * for the second, ...); predictions need it.
 *
 * <p><b>One answer through every path.</b> With these orders and the learner's own random stream
 * (seeded by {@code seed} at the first task and continued inside the model), the same data and
 * configuration give the same model, bit for bit, through Tribuo and through the core: the bench's
 * {@code --via tribuo} gives {@code --via core}'s accuracy matrix, which a test checks entry for
 * entry. {@link org.engram.tribuo.TaskDatasets} turns the core's data into Tribuo datasets.
 *
 * <p><b>Threads.</b> Models are immutable: any number of threads may predict with a model, also
 * while another thread continues it with {@code incrementalTrain} (which trains a copy). A trainer
 * may be shared; its setters are synchronized and a training call reads its configuration once.
 */
package org.engram.tribuo;
