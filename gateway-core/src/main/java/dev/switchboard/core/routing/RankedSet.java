package dev.switchboard.core.routing;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * An ordered set that also answers "how many elements are below this one" in O(log n): a treap whose
 * nodes count their subtree. {@link java.util.TreeSet#headSet} would walk every smaller element, and a
 * chat visitor's place in a queue of 100,000 is asked for every second.
 */
final class RankedSet<E> {

  private static final class Node<E> {
    final E value;
    final int priority;
    Node<E> left;
    Node<E> right;
    int size = 1;

    Node(E value, int priority) {
      this.value = value;
      this.priority = priority;
    }
  }

  private final Comparator<? super E> order;
  // Seeded, so a run is repeatable; the priorities only need to be independent of the insertion order.
  private final SplittableRandom random = new SplittableRandom(0x5EED);
  private Node<E> root;

  RankedSet(Comparator<? super E> order) {
    this.order = requireNonNull(order, "order");
  }

  int size() {
    return size(root);
  }

  boolean isEmpty() {
    return root == null;
  }

  /** Adds {@code e}; false when an equal element is already in. */
  boolean add(E e) {
    requireNonNull(e, "e");
    if (contains(e)) {
      return false;
    }
    Node<E>[] parts = split(root, e);
    root = merge(merge(parts[0], new Node<>(e, random.nextInt())), parts[1]);
    return true;
  }

  /** Removes the element equal to {@code e}; false when there is none. */
  boolean remove(E e) {
    if (!contains(e)) {
      return false;
    }
    root = remove(root, e);
    return true;
  }

  boolean contains(E e) {
    Node<E> n = root;
    while (n != null) {
      int c = order.compare(e, n.value);
      if (c == 0) {
        return true;
      }
      n = c < 0 ? n.left : n.right;
    }
    return false;
  }

  /** How many elements order strictly before {@code e} ({@code e} need not be in the set). */
  int countBelow(E e) {
    int count = 0;
    Node<E> n = root;
    while (n != null) {
      if (order.compare(n.value, e) < 0) {
        count += size(n.left) + 1;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return count;
  }

  private Node<E> remove(Node<E> n, E e) {
    int c = order.compare(e, n.value);
    if (c == 0) {
      return merge(n.left, n.right);
    }
    if (c < 0) {
      n.left = remove(n.left, e);
    } else {
      n.right = remove(n.right, e);
    }
    n.size = 1 + size(n.left) + size(n.right);
    return n;
  }

  /** Splits into the elements below {@code e} and the rest. */
  @SuppressWarnings("unchecked")
  private Node<E>[] split(Node<E> n, E e) {
    if (n == null) {
      return new Node[] {null, null};
    }
    if (order.compare(n.value, e) < 0) {
      Node<E>[] parts = split(n.right, e);
      n.right = parts[0];
      n.size = 1 + size(n.left) + size(n.right);
      parts[0] = n;
      return parts;
    }
    Node<E>[] parts = split(n.left, e);
    n.left = parts[1];
    n.size = 1 + size(n.left) + size(n.right);
    parts[1] = n;
    return parts;
  }

  /** Joins two treaps where every element of {@code a} orders before every element of {@code b}. */
  private Node<E> merge(Node<E> a, Node<E> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      a.size = 1 + size(a.left) + size(a.right);
      return a;
    }
    b.left = merge(a, b.left);
    b.size = 1 + size(b.left) + size(b.right);
    return b;
  }

  private static int size(Node<?> n) {
    return n == null ? 0 : n.size;
  }
}
