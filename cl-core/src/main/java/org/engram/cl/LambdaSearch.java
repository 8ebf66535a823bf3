package org.engram.cl;

import java.lang.System.Logger.Level;
import java.util.OptionalDouble;
import org.engram.cl.data.TaskData;
import org.engram.cl.method.MethodSpec;
import org.engram.cl.method.RegularisationMethod;
import org.engram.cl.nn.Mlp;
import org.engram.cl.optim.OptimiserSpec;

/**
 * Chooses λ for a new task from that task's data only: the framework of De Lange et al. (2021, "A
 * continual learning survey: defying forgetting in classification tasks", TPAMI, section 5.1),
 * started from a scale measured on the data instead of a fixed constant.
 *
 * <ol>
 *   <li><b>Maximal plasticity.</b> A copy of the learner fine-tunes (λ = 0) on a training part of
 *       the new task ({@link #trialParts}: half of it, which costs 2.2 rather than 2.9 times a
 *       fixed λ's training over five tasks); the decrease D of its loss on the held-out validation
 *       part is the reference. Every trial trains on the same rows.
 *   <li><b>The scale.</b> That fine-tuned copy lowered the validation loss by D and would pay P₁ of
 *       the method's term per unit λ ({@link org.engram.cl.method.ContinualMethod#unitPenalty}). λ₀
 *       = D / P₁ is where the protection the fine-tuned solution would cost equals what it gained
 *       on the new task: the balance point, in the units of each method's own λ, whatever its
 *       convention.
 *   <li><b>The search.</b> A copy trains with λ and keeps it when its validation loss decreases by
 *       at least (1 − p)·D. The first λ tried is κ·λ₀ ({@link Calibration#startFactor()}). A λ that
 *       keeps is raised by the ladder's factor ({@link Calibration#decay()}) until one does not (De
 *       Lange et al. start high and only decay; a start measured on the data can be low as well as
 *       high); one that does not keep is lowered (the stability decay) until one does. The largest
 *       λ that kept is used; when none did, the smallest tried, and a warning says so. The loss
 *       rather than De Lange et al.'s accuracy: it sees a rigid network learn more slowly before
 *       the accuracy does (on split digits, accepting 2 % or 10 % of the accuracy put task-IL below
 *       fine-tuning for 4–6 of 6 methods; the loss kept all at fine-tuning's level).
 *   <li><b>Only a penalty on the parameters climbs.</b> A larger λ of a quadratic penalty only
 *       holds the old solution harder; LwF's term is a target on the new task's inputs, and on
 *       inputs unlike the old ones a larger λ spends the network on those targets (permuted
 *       Fashion-MNIST, 3 seeds: 57.2 % at λ 0.01, 49.9 % at 0.1, 32.5 % at 1; van de Ven and Tolias
 *       2019 report LwF below fine-tuning on permuted MNIST). LwF's search starts at κ·λ₀, at most
 *       1 (Li and Hoiem's balance λ_o = 1: the distillation weighs no more than the new labels),
 *       and only decays. On the ×10 grids (split digits and Fashion-MNIST, 3 seeds) λ 10 was never
 *       better than 1 and cost 8–24 points in five of the seven cells with both; λ₀ reached 25.
 *   <li><b>LwF on a shared head.</b> There LwF's targets are the old network's answers on the very
 *       units the new labels train, and the harm they do to the old tasks does not show on the new
 *       task: on permuted Fashion-MNIST at λ 0.1 the new task's accuracy equals fine-tuning's while
 *       the final mean accuracy is 6 points below it. So λ₀ is multiplied by how far the network,
 *       before training, already answers the new task ({@link Trial#targetsAgreement}): its
 *       validation accuracy above that of guessing the most frequent class, as a share of what
 *       fine-tuning reaches above it. A network at chance on the new task (permuted inputs, new
 *       classes) gets λ 0 without a λ trial; one that already solves it keeps the start. A λ below
 *       {@value #LWF_SHARED_SMALLEST} is 0 there, at the start and at the end of the search: a weak
 *       distillation on the shared head costs the old tasks more than none when tasks train for
 *       hundreds of steps (split digits, domain-IL, 20 epochs of batch 16, seed 1: fine-tuning 83.0
 *       %, any fixed λ from 10⁻⁴ to 0.08 78.9–80.2 %, 0.12 82.1 %, 0.2 84.8 %, 1 85.7 %; with SGD
 *       too), while it changes nothing measurable in the bench's 8 steps a task. With one head per
 *       task the distilled heads are not the ones the labels train, and LwF is searched as above.
 *   <li><b>A task already solved.</b> When the network, before training, is already within p of the
 *       accuracy fine-tuning reaches on the validation part (and fine-tuning reaches more than
 *       guessing the most frequent class there), D (so λ₀) is tiny and mostly noise, and so is a
 *       criterion on a fraction of it. Such a task starts its search from the previous task's λ if
 *       that is larger, and a trial keeps λ when its validation accuracy is within p of
 *       fine-tuning's (De Lange et al.'s own criterion). On Fashion-MNIST domain-IL (tasks 3 and 4
 *       are near copies) this lifted the 3-seed means of MAS, SI, L2 and online EWC by 3–10 points;
 *       always starting from the previous λ instead wasted the trials on split digits, where the
 *       second task's λ was too high. A task that fine-tuning leaves at the guess is not solved:
 *       with it counted as solved, every trial kept and λ grew tenfold per task (to 6·10⁷ for EWC
 *       on split digits with one epoch of two steps a task, as a quick trial run gives).
 * </ol>
 *
 * With λ given and calibration on, the search starts from the given λ instead of λ₀. The first task
 * has nothing to protect and is not searched. Old tasks' data are never looked at. With plain SGD,
 * λ is also kept below the step's stability bound on the quadratic penalty (see {@link
 * #sgdStableLambda}).
 */
public final class LambdaSearch {
  private static final System.Logger LOG = System.getLogger(LambdaSearch.class.getName());

  /**
   * The largest automatic λ of LwF: the distillation never weighs more than the new labels (Li and
   * Hoiem's λ_o = 1). See the class doc.
   */
  static final double LWF_LARGEST = 1;

  /** The smallest λ LwF distils with on a shared head: a smaller one is 0. See the class doc. */
  static final double LWF_SHARED_SMALLEST = 0.1;

  private LambdaSearch() {}

  /**
   * The λ chosen for a task and what choosing it cost.
   *
   * @param lambda the λ
   * @param seconds wall time of the search
   * @param trials trial trainings run
   */
  record Choice(double lambda, double seconds, int trials) {}

  /**
   * @return the λ to learn the next task with, and what it cost to choose
   */
  static Choice choose(ContinualLearner l, TaskData data, int taskId, TrainingListener listener) {
    if (!Double.isNaN(l.trialLambda)) {
      return new Choice(l.trialLambda, 0, 0);
    }
    MethodSpec spec = l.config().method();
    if (!spec.method().hasLambda()) {
      return new Choice(0, 0, 0);
    }
    OptionalDouble given = spec.lambda();
    if (l.tasksLearned == 0) {
      return new Choice(given.orElse(0), 0, 0);
    }
    if (given.isPresent() && l.config().calibration() == null) {
      checkStable(l, given.getAsDouble());
      return new Choice(given.getAsDouble(), 0, 0);
    }
    Calibration c = l.config().lambdaSearch(); // λ is automatic or calibration is on here
    long t0 = System.nanoTime();
    TaskData[] parts = trialParts(data, c, l.rng.nextLong());
    if (parts[0].size() < 2 || parts[1].size() < 1) {
      double lambda = given.orElse(previous(l));
      if (!l.warnedTooFewRows) {
        l.warnedTooFewRows = true;
        LOG.log(
            Level.WARNING,
            "{0} has {1} examples, too few to choose lambda on; it uses {2}"
                + (given.isPresent()
                    ? ", the given lambda"
                    : lambda > 0
                        ? ", the previous task''s"
                        : " (no protection: no earlier task has a lambda above 0)")
                + " (said once: later tasks this small do the same; the lambda of each task is in"
                + " its report)",
            l.taskName(taskId),
            String.valueOf(data.size()),
            lambda(lambda));
      }
      return new Choice(lambda, (System.nanoTime() - t0) / 1e9, 0);
    }
    TrainingListener cancelOnly =
        new TrainingListener() {
          @Override
          public boolean isCancelled() {
            return listener.isCancelled();
          }
        };
    Trial plastic = trial(l, parts, taskId, 0, cancelOnly, true);
    int trials = 1;
    double lambda;
    if (given.isPresent()) {
      lambda = given.getAsDouble() * c.startFactor();
    } else if (!(plastic.penaltyIncrease > 0)) {
      // Fine-tuning costs no protection: there is nothing this method's term can keep.
      return new Choice(0, (System.nanoTime() - t0) / 1e9, trials);
    } else {
      lambda = plastic.balancePoint() * c.startFactor();
    }
    double chance = parts[1].majorityShare(); // the accuracy of guessing the most frequent class
    boolean solved = !given.isPresent() && plastic.solvedBefore(c.p(), chance);
    if (solved) {
      // D* and λ₀ measure little but noise here, and so would the loss criterion: see the class doc
      lambda = Math.max(lambda, previous(l));
    }
    boolean mayRaise = l.method instanceof RegularisationMethod;
    boolean sharedLwf = !mayRaise && !given.isPresent() && l.headKey(taskId) == Mlp.SHARED_HEAD;
    if (!mayRaise && !given.isPresent()) {
      if (sharedLwf) {
        lambda *= plastic.targetsAgreement(chance);
        if (lambda == 0) {
          LOG.log(
              Level.INFO,
              "{0}: before training, the network answers the new task no better than"
                  + " guessing its most frequent class, so LwF distils nothing on the shared head:"
                  + " lambda 0 for this task",
              l.taskName(taskId));
          return new Choice(0, (System.nanoTime() - t0) / 1e9, trials);
        }
        if (lambda < LWF_SHARED_SMALLEST) {
          return weakDistillation(l, taskId, lambda, (System.nanoTime() - t0) / 1e9, trials);
        }
      }
      lambda = Math.min(lambda, LWF_LARGEST);
    }
    double stable = 0.5 * sgdStableLambda(l);
    boolean bounded = lambda > stable;
    double ceiling = Math.min(stable, floatLambda(l));
    lambda = Math.min(lambda, ceiling);
    double kept = Double.NaN;
    double tried = Double.NaN;
    boolean lowered = false;
    for (int t = 0; t < c.maxTrials() - 1 && lambda > 0; t++) {
      trials++;
      tried = lambda;
      Trial tr = trial(l, parts, taskId, lambda, cancelOnly, false);
      if (plastic.keeps(tr, c.p(), solved)) {
        kept = lambda;
        if (lowered || !mayRaise || lambda >= ceiling) {
          break;
        }
        bounded |= lambda / c.decay() > stable;
        lambda = Math.min(lambda / c.decay(), ceiling);
      } else if (!Double.isNaN(kept)) {
        break;
      } else {
        lowered = true;
        lambda *= c.decay();
      }
    }
    if (bounded && !l.saidSgdBound) {
      l.saidSgdBound = true;
      LOG.log(
          Level.INFO,
          "{0}: plain SGD at learning rate {1} diverges on the {2} penalty above lambda {3}, so"
              + " the search tried no lambda above half of that (said once: later tasks are"
              + " bounded the same way, and the lambda of each task is in its report; Adam has no"
              + " such bound)",
          l.taskName(taskId),
          String.valueOf(l.config().optimiser().learningRate()),
          spec.method().token(),
          lambda(2 * stable));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double ended = Double.isNaN(kept) ? tried : kept;
    if (sharedLwf && ended < LWF_SHARED_SMALLEST) {
      return weakDistillation(l, taskId, ended, seconds, trials);
    }
    if (!Double.isNaN(kept)) {
      return new Choice(kept, seconds, trials);
    }
    double chosen = Double.isNaN(tried) ? 0 : tried;
    LOG.log(
        Level.WARNING,
        "{0}: every lambda tried lost more than p = {1} of what fine-tuning reaches on the"
            + " new task (its validation {2}); using the smallest tried, {3}",
        l.taskName(taskId),
        String.valueOf(c.p()),
        solved ? "accuracy, the task being solved before training" : "loss decrease",
        lambda(chosen));
    return new Choice(chosen, seconds, trials);
  }

  /** LwF on a shared head with a λ below {@link #LWF_SHARED_SMALLEST}: λ 0, and why. */
  private static Choice weakDistillation(
      ContinualLearner l, int taskId, double lambda, double seconds, int trials) {
    LOG.log(
        Level.INFO,
        "{0}: LwF''s lambda on the shared head would be {1}, below {2}, where a weak distillation"
            + " costs the old tasks more than none: lambda 0 for this task",
        l.taskName(taskId),
        String.format(java.util.Locale.ROOT, "%.3g", lambda),
        String.valueOf(LWF_SHARED_SMALLEST));
    return new Choice(0, seconds, trials);
  }

  /**
   * A λ as the messages print it. Every number goes into a message as text: the logger formats a
   * number parameter with the default locale's grouping and three decimals, so a λ of 2.3e-6 read
   * "0" and, under a German locale, 2024.96 read "2.024,959" and p "0,1".
   */
  static String lambda(double value) {
    return value == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.4g", value);
  }

  /**
   * The rows the trials train on and the held-out rows they are measured on: {@link
   * Calibration#TRIAL_FRACTION} of the task, at least {@link Calibration#MIN_TRIAL_ROWS} rows (all
   * of the part not held out when it has fewer), and {@link Calibration#validationFraction()} of
   * it. Both drawn per class.
   */
  static TaskData[] trialParts(TaskData data, Calibration c, long seed) {
    TaskData[] parts = data.split(1 - c.validationFraction(), seed);
    double rows = Math.max(Calibration.TRIAL_FRACTION * data.size(), Calibration.MIN_TRIAL_ROWS);
    if (rows < parts[0].size()) {
      parts[0] = parts[0].split(rows / parts[0].size(), seed + 1)[0];
    }
    return parts;
  }

  /** The λ of the last task that had one, or 0. */
  private static double previous(ContinualLearner l) {
    for (int i = l.history.size() - 1; i >= 0; i--) {
      if (l.history.get(i).lambda() > 0) {
        return l.history.get(i).lambda();
      }
    }
    return 0;
  }

  /**
   * @return the λ a streamed task is learned with (before its rows arrive: the given λ, or the last
   *     task's)
   */
  static double streamedLambda(ContinualLearner l) {
    MethodSpec spec = l.config().method();
    if (!spec.method().hasLambda()) {
      return 0;
    }
    if (spec.lambda().isPresent()) {
      checkStable(l, spec.lambda().getAsDouble());
    }
    return spec.lambda().orElse(previous(l));
  }

  /**
   * Plain SGD with momentum μ on the penalty's curvature 2sΩ diverges once η·2sΩ ≥ 2(1 + μ) (heavy
   * ball on a quadratic), i.e. for λ above (1 + μ) / (η c g max Ω) with s = c λ and g the
   * consolidation's scale, Ω summed over per-task slots ({@link
   * org.engram.cl.method.QuadraticPenalty#maxImportance}). Adam rescales each parameter's step and
   * has no such bound.
   *
   * @return the largest λ plain SGD stays stable with on the current memory (∞ for Adam or an empty
   *     memory)
   */
  static double sgdStableLambda(ContinualLearner l) {
    OptimiserSpec o = l.config().optimiser();
    if (o.kind() != OptimiserSpec.Kind.SGD || !(l.method instanceof RegularisationMethod r)) {
      return Double.POSITIVE_INFINITY;
    }
    double curvature = r.convention() * r.penaltyMemory().maxImportance();
    return curvature > 0
        ? (1 + o.momentum()) / (o.learningRate() * curvature)
        : Double.POSITIVE_INFINITY;
  }

  /**
   * The largest λ the search tries whatever the optimiser: the penalty's strength 2 s and its
   * largest gradient coefficient, 2 s Σ Ω, at most {@value #FLOAT_SAFE}, far inside the float range
   * the step computes in. The balance point the search starts from grows as 1 / (learning rate)²:
   * with Adam at a learning rate of 1e-25 (EWC; 1e-16 for SI) it passed 3.4e38, the strength became
   * infinite in float and the task diverged, its message advising a lower learning rate. Never
   * reached by a λ that trains anything (10¹¹ at most on the digits at ordinary learning rates).
   *
   * @param l the learner
   * @return the bound (infinite without a quadratic penalty)
   */
  static double floatLambda(ContinualLearner l) {
    if (!(l.method instanceof RegularisationMethod r)) {
      return Double.POSITIVE_INFINITY;
    }
    // the strength 2 s itself too: an infinite one times an importance of 0 is NaN
    return FLOAT_SAFE / (2 * r.convention() * Math.max(1, r.penaltyMemory().maxImportance()));
  }

  /** See {@link #floatLambda}. */
  static final double FLOAT_SAFE = 1e30;

  /** Refuses a given λ that makes plain SGD diverge on the penalty, before anything trains. */
  private static void checkStable(ContinualLearner l, double lambda) {
    double bound = sgdStableLambda(l);
    if (lambda >= bound) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "lambda %s with SGD at learning rate %s diverges on the %s penalty: the step is"
                  + " stable only for lambda below %.4g here. Lower lambda or the learning rate,"
                  + " leave lambda automatic, or use Adam",
              lambda,
              l.config().optimiser().learningRate(),
              l.config().method().method().token(),
              bound));
    }
  }

  /**
   * What one trial training measured on the validation part: the loss before and after it, and how
   * much the method's term per unit λ grew (for the fine-tuning reference).
   */
  record Trial(
      double lossBefore,
      double lossAfter,
      double penaltyIncrease,
      double accuracyBefore,
      double accuracyAfter) {

    /**
     * On the fine-tuning reference: λ₀ = D / P₁, D the decrease of the validation loss (at least 1
     * % of the loss before, so that a task the network already solves still gets a finite scale).
     */
    double balancePoint() {
      return Math.max(lossBefore - lossAfter, 0.01 * lossBefore) / penaltyIncrease;
    }

    /**
     * On the fine-tuning reference: whether the network was already within p of the accuracy
     * fine-tuning reaches before it trained, fine-tuning reaching more than guessing the most
     * frequent class. A task fine-tuning does not lift above that guess in its trial (too few
     * steps, inputs that tell nothing) is not solved but unlearnt, and climbs from no previous λ.
     *
     * @param p the share of fine-tuning's accuracy the network may lack
     * @param chance the share of the most frequent class in the validation part
     */
    boolean solvedBefore(double p, double chance) {
      return accuracyAfter > chance && accuracyBefore >= (1 - p) * accuracyAfter;
    }

    /**
     * On the fine-tuning reference, for LwF on a shared head: how far the network before training
     * already was from guessing the most frequent class towards fine-tuning's accuracy, in [0, 1].
     * When fine-tuning itself does no better than that guess there is no such scale: 1 if the
     * network before training does better than the guess, 0 if not (it was 1 then too, and new
     * classes, which the old network cannot answer, got LwF's largest λ on a run too short for
     * fine-tuning to learn them).
     *
     * @param chance the share of the most frequent class in the validation part
     */
    double targetsAgreement(double chance) {
      if (!(accuracyAfter > chance)) {
        return accuracyBefore > chance ? 1 : 0;
      }
      return Math.min(1, Math.max(0, (accuracyBefore - chance) / (accuracyAfter - chance)));
    }

    /**
     * On the fine-tuning reference: whether a trial keeps its λ, giving up at most p of
     * fine-tuning's validation loss decrease (or, on a task solved before training, of its
     * accuracy).
     */
    boolean keeps(Trial trial, double p, boolean solved) {
      return solved
          ? trial.accuracyAfter >= (1 - p) * accuracyAfter
          : lossBefore - trial.lossAfter >= (1 - p) * (lossBefore - lossAfter);
    }
  }

  /** Trains a copy with the given λ on the training part and measures it on the validation part. */
  private static Trial trial(
      ContinualLearner l,
      TaskData[] parts,
      int taskId,
      double lambda,
      TrainingListener listener,
      boolean measureScale) {
    ContinualLearner probe = l.copyForTrial();
    probe.trialLambda = lambda;
    double lossBefore = 0;
    double accuracyBefore = 0;
    double penaltyBefore = 0;
    if (measureScale) {
      probe.declareClasses(taskId, parts[0].classes());
      probe.declareClasses(taskId, parts[1].classes());
      ContinualLearner.Fit start = probe.fit(parts[1], taskId);
      lossBefore = start.loss();
      accuracyBefore = start.accuracy();
      penaltyBefore = probe.method.unitPenalty(probe.net, parts[1]);
    }
    try {
      probe.learnTask(parts[0], taskId, listener);
    } catch (TrainingDivergedException e) {
      // a λ that makes training diverge keeps no plasticity: a rejected trial, not a failed task
      return new Trial(lossBefore, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0);
    }
    ContinualLearner.Fit end = probe.fit(parts[1], taskId);
    if (!measureScale) {
      return new Trial(lossBefore, end.loss(), 0, 0, end.accuracy());
    }
    double increase = probe.method.unitPenalty(probe.net, parts[1]) - penaltyBefore;
    return new Trial(lossBefore, end.loss(), Math.max(0, increase), accuracyBefore, end.accuracy());
  }
}
