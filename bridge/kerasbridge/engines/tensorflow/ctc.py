"""Connectionist temporal classification: loss, decoding, label conversion.

As in Keras 2, y_pred holds softmax probabilities (samples, time, classes) and the blank is
the last class.
"""

import tensorflow as tf

from ..common import epsilon


def ctc_label_dense_to_sparse(labels, label_lengths):
    labels = tf.convert_to_tensor(labels)
    lengths = tf.reshape(tf.cast(label_lengths, tf.int32), [-1])
    kept = tf.sequence_mask(lengths, maxlen=tf.shape(labels)[1])
    indices = tf.where(kept)
    values = tf.cast(tf.gather_nd(labels, indices), tf.int32)
    return tf.SparseTensor(indices, values, tf.cast(tf.shape(labels), tf.int64))


def _time_major_log(y_pred) -> tf.Tensor:
    return tf.math.log(tf.transpose(y_pred, perm=[1, 0, 2]) + epsilon())


def _lengths(lengths) -> tf.Tensor:
    return tf.reshape(tf.cast(lengths, tf.int32), [-1])  # (samples, 1) or (samples,)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    log_probs = _time_major_log(y_pred)
    loss = tf.nn.ctc_loss(
        labels=tf.cast(y_true, tf.int32),
        logits=log_probs,
        label_length=_lengths(label_length),
        logit_length=_lengths(input_length),
        logits_time_major=True,
        blank_index=-1,
    )
    return tf.expand_dims(loss, 1)


def ctc_decode(
    y_pred, input_length, greedy=True, beam_width=100, top_paths=1, merge_repeated=False
):
    log_probs = _time_major_log(y_pred)
    lengths = _lengths(input_length)
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(log_probs, lengths)
    else:
        decoded, log_prob = tf.compat.v1.nn.ctc_beam_search_decoder(
            log_probs,
            lengths,
            beam_width=beam_width,
            top_paths=top_paths,
            merge_repeated=merge_repeated,
        )
    # Each path is padded with -1 to its longest decoded sequence, as in Keras 2.3.1.
    return [tf.sparse.to_dense(path, -1) for path in decoded], log_prob
