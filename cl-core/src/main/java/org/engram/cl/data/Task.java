package org.engram.cl.data;

/**
 * One task of a continual-learning sequence.
 *
 * @param id the task id (0-based position in the sequence)
 * @param train its training examples
 * @param test its test examples
 */
public record Task(int id, TaskData train, TaskData test) {}
