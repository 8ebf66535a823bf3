package org.engram.cl.method;

/** Plain fine-tuning: no protection against forgetting. The lower baseline. */
public final class FineTune implements ContinualMethod {
  private final MethodSpec spec;

  /**
   * @param spec the description
   */
  public FineTune(MethodSpec spec) {
    this.spec = spec;
  }

  @Override
  public MethodSpec spec() {
    return spec;
  }
}
