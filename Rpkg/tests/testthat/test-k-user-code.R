# Code as R keras 2 users write it (k_ functions, 1-based axes, whole doubles), run on every
# engine in one fresh R process each and compared with the same computation in base R: a custom
# loss and metrics, a VAE's sampling step and KL term, a siamese network's contrastive loss,
# training steps built from k_gradients() and k_function(), and a recurrent cell whose step
# closes over its weights and draws dropout masks.

user_data <- local({
  set.seed(11)
  list(
    y_true = matrix(c(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0), 4, byrow = TRUE),
    y_pred = matrix(c(0.7, 0.2, 0.1, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8, 0.2, 0.5, 0.3), 4,
                    byrow = TRUE),
    z_mean = matrix(rep(c(-1, 2), each = 2000), 2000),
    left = matrix(c(0, 0, 1, 1, 3, 0), 3, byrow = TRUE),
    right = matrix(c(0.3, 0.4, 1, 1, 0, 0.5), 3, byrow = TRUE),
    same = matrix(c(1, 1, 0), 3),
    features = matrix(round(rnorm(20), 2), 10),
    targets = matrix(round(rnorm(10), 2), 10),
    sequences = array(round(rnorm(3 * 4 * 2), 2), c(3, 4, 2)),
    kernel = matrix(round(rnorm(2 * 3), 2), 2),
    recurrent = matrix(round(rnorm(3 * 3), 2), 3)
  )
})

# Runs in the fresh process (self-contained apart from its arguments).
run_user_code <- function(data) {
  library(kerasbridge)
  out <- list()

  # A custom loss and metrics, evaluated on placeholders with a batch of unknown size.
  class_weights <- c(1, 2, 3)
  weighted_mse <- function(y_true, y_pred) {
    k_mean(k_square(y_pred - y_true) * class_weights, axis = -1)
  }
  rmse <- function(y_true, y_pred) k_sqrt(k_mean(k_square(y_pred - y_true)))
  accuracy <- function(y_true, y_pred) {
    k_mean(k_cast(k_equal(k_argmax(y_true, axis = -1), k_argmax(y_pred, axis = -1)),
                  k_floatx()))
  }
  y_true <- k_placeholder(shape = list(NULL, 3))
  y_pred <- k_placeholder(shape = list(NULL, 3))
  metrics <- k_function(list(y_true, y_pred), list(weighted_mse(y_true, y_pred),
                                                   rmse(y_true, y_pred),
                                                   accuracy(y_true, y_pred)))
  out$metrics <- metrics(list(data$y_true, data$y_pred))

  # VAE: the reparameterised sample and the KL term.
  z_mean <- k_placeholder(shape = list(NULL, 2))
  z_log_var <- k_placeholder(shape = list(NULL, 2))
  sampling <- function(arg) {
    z_mean <- arg[[1]]
    z_log_var <- arg[[2]]
    epsilon <- k_random_normal(shape = k_shape(z_mean), mean = 0, stddev = 1)
    z_mean + k_exp(z_log_var / 2) * epsilon
  }
  kl_loss <- -0.5 * k_mean(1 + z_log_var - k_square(z_mean) - k_exp(z_log_var), axis = -1)
  vae <- k_function(list(z_mean, z_log_var), list(sampling(list(z_mean, z_log_var)), kl_loss))
  log_var <- matrix(log(0.25), nrow(data$z_mean), 2)
  out$vae <- vae(list(data$z_mean, log_var))
  out$vae_again <- vae(list(data$z_mean, log_var))[[1]]

  # Siamese network: euclidean distance and contrastive loss, and its gradient with respect to
  # one input (CNTK differentiates with respect to variables and placeholders only).
  euclidean_distance <- function(vects) {
    x <- vects[[1]]
    y <- vects[[2]]
    sum_square <- k_sum(k_square(x - y), axis = 2, keepdims = TRUE)
    k_sqrt(k_maximum(sum_square, k_epsilon()))
  }
  contrastive_loss <- function(y_true, y_pred) {
    margin <- 1
    k_mean(y_true * k_square(y_pred) + (1 - y_true) * k_square(k_maximum(margin - y_pred, 0)))
  }
  left <- k_placeholder(shape = list(NULL, 2))
  right <- k_placeholder(shape = list(NULL, 2))
  same <- k_placeholder(shape = list(NULL, 1))
  distance <- euclidean_distance(list(left, right))
  loss <- contrastive_loss(same, distance)
  siamese <- k_function(list(left, right, same),
                        c(list(distance, loss), k_gradients(loss, list(left))))
  out$siamese <- siamese(list(data$left, data$right, data$same))

  # Linear regression trained by hand: k_gradients(), k_update_sub() and k_function().
  x <- k_placeholder(shape = list(NULL, 2))
  y <- k_placeholder(shape = list(NULL, 1))
  w <- k_variable(matrix(0, 2, 1))
  b <- k_variable(0)
  mse <- k_mean(k_square(k_dot(x, w) + b - y))
  gradients <- k_gradients(mse, list(w, b))
  train <- k_function(list(x, y), list(mse), updates = list(
    k_update_sub(w, 0.1 * gradients[[1]]),
    k_update_sub(b, 0.1 * gradients[[2]])
  ))
  out$losses <- vapply(1:3, function(step) {
    as.numeric(train(list(data$features, data$targets))[[1]])
  }, numeric(1))
  out$w <- k_get_value(w)
  out$b <- k_get_value(b)

  # A recurrent cell written in R: the step closes over its weights (variables the step reads
  # but k_rnn is not given), and a second step draws a dropout mask at each time step.
  sequences <- k_placeholder(shape = list(NULL, 4, 2))
  kernel <- k_variable(data$kernel)
  recurrent <- k_variable(data$recurrent)
  cell <- function(inputs, states) {
    h <- k_tanh(k_dot(inputs, kernel) + k_dot(states[[1]], recurrent))
    list(h, list(h))
  }
  initial <- k_zeros_like(k_dot(sequences[, 1, ], kernel))
  outputs <- k_rnn(cell, sequences, list(initial))[[2]]
  out$rnn <- k_function(list(sequences), list(outputs))(list(data$sequences))[[1]]
  with_dropout <- function(inputs, states) list(k_dropout(inputs, level = 0.5), states)
  ones <- k_placeholder(shape = list(NULL, 6, 8))
  masks <- k_rnn(with_dropout, ones, list(k_zeros_like(ones[, 1, ])))[[2]]
  out$rnn_dropout <- k_function(list(ones), list(masks))(list(array(1, c(3, 6, 8))))[[1]]
  out
}

# The same computations in base R.
reference_user_code <- function(data) {
  ref <- list()
  squared <- (data$y_pred - data$y_true)^2
  ref$metrics <- list(
    rowMeans(squared * matrix(c(1, 2, 3), nrow(squared), 3, byrow = TRUE)),
    sqrt(mean(squared)),
    mean(apply(data$y_true, 1, which.max) == apply(data$y_pred, 1, which.max))
  )
  ref$kl <- -0.5 * rowMeans(1 + log(0.25) - data$z_mean^2 - 0.25)
  distance <- sqrt(pmax(rowSums((data$left - data$right)^2), 1e-7))
  ref$distance <- matrix(distance, ncol = 1)
  ref$contrastive <- mean(data$same * distance^2 + (1 - data$same) * pmax(1 - distance, 0)^2)
  # d loss / d left: through the distance, (left - right) / distance per row.
  slope <- (2 * data$same * distance - 2 * (1 - data$same) * pmax(1 - distance, 0)) /
    length(distance)
  ref$contrastive_gradient <- (data$left - data$right) * as.vector(slope / distance)
  w <- matrix(0, 2, 1)
  b <- 0
  losses <- numeric(3)
  n <- nrow(data$features)
  for (step in 1:3) {
    residual <- data$features %*% w + b - data$targets
    losses[[step]] <- mean(residual^2)
    grad_w <- 2 * t(data$features) %*% residual / n
    grad_b <- 2 * sum(residual) / n
    w <- w - 0.1 * grad_w
    b <- b - 0.1 * grad_b
  }
  ref$losses <- losses
  ref$w <- w
  ref$b <- b
  h <- matrix(0, 3, 3)
  ref$rnn <- array(0, c(3, 4, 3))
  for (time in 1:4) {
    h <- tanh(data$sequences[, time, ] %*% data$kernel + h %*% data$recurrent)
    ref$rnn[, time, ] <- h
  }
  ref
}

for (engine in test_engines) local({
  engine <- engine
  label <- sprintf("[%s]", engine$id)
  session <- function() engine_result(engine, "k user code", run_user_code, user_data)
  reference <- reference_user_code(user_data)

  test_that(paste("a custom loss and metrics written with k_ functions", label), {
    result <- session()
    for (index in 1:3) {
      expect_k_value(result$metrics[[index]], reference$metrics[[index]])
    }
  })

  test_that(paste("a VAE sampling step with k_random_normal and its KL term", label), {
    result <- session()
    sample <- result$vae[[1]]
    expect_identical(dim(sample), c(2000L, 2L))
    noise <- (sample - user_data$z_mean) / 0.5
    expect_lt(max(abs(colMeans(noise))), 0.1)
    expect_lt(max(abs(apply(noise, 2, sd) - 1)), 0.1)
    expect_false(isTRUE(all.equal(result$vae_again, sample))) # drawn anew at each call
    expect_k_value(result$vae[[2]], reference$kl)
  })

  test_that(paste("a contrastive loss on a euclidean distance, with its gradient", label), {
    result <- session()
    expect_k_value(result$siamese[[1]], reference$distance)
    expect_k_value(result$siamese[[2]], reference$contrastive)
    expect_k_value(result$siamese[[3]], reference$contrastive_gradient)
  })

  test_that(paste("training steps from k_gradients, k_update_sub and k_function", label), {
    result <- session()
    expect_k_value(result$losses, reference$losses)
    expect_k_value(result$w, reference$w)
    expect_k_value(result$b, reference$b)
  })

  test_that(paste("a recurrent cell written in R, closing over its weights", label), {
    expect_k_value(session()$rnn, reference$rnn)
  })

  test_that(paste("dropout inside a k_rnn step draws a new mask at every step", label), {
    masks <- session()$rnn_dropout
    expect_identical(dim(masks), c(3L, 6L, 8L))
    expect_setequal(unique(as.vector(masks)), c(0, 2))
    same_as_first <- vapply(2:6, function(t) identical(masks[, 1, ], masks[, t, ]), logical(1))
    expect_false(all(same_as_first))
  })
})
