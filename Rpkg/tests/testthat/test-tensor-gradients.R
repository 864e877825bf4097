# Gradients through R operators and slices, and three custom losses written with K$... and R
# operators, on every engine.

# The losses, written with K$... and R operators only. Given a list of R functions in place of
# K (plain_k), the same code computes the reference on R matrices.
tensor_losses <- list(
  issue_example = function(y_true, y_pred, K) {
    rate <- 0.5 * (K$abs(y_pred) + y_pred) + 1e-5
    K$mean(rate * y_true - K$log(rate))
  },
  poisson_deviance = function(y_true, y_pred, K) {
    mu <- K$maximum(y_pred, K$epsilon())
    ratio <- K$maximum(y_true, K$epsilon()) / mu
    2 * K$mean(y_true * log(ratio) - (y_true - mu))
  },
  gpd_negative_log_likelihood = function(y_true, y_pred, K) {
    sigma <- exp(y_pred[, 1])
    xi <- y_pred[, 2]
    y <- y_true[, 1]
    K$mean(log(sigma) + (1 + 1 / xi) * log(1 + xi * y / sigma))
  }
)
plain_k <- list(mean = mean, abs = abs, log = log, maximum = pmax, epsilon = function() 1e-7)

gradients_topic <- function(K, data, extras) {
  out <- list()
  # With p fed ones, d/dw sum(((w * p)[, 1] - 2)^2) is 2 (w[, 1] - 2) in the first column, 0
  # elsewhere. (p makes the graph symbolic on TensorFlow, where operations on variables alone
  # run eagerly.)
  w <- K$variable(data$a)
  p <- K$placeholder(shape = list(2L, 3L))
  loss <- sum(((w * p)[, 1] - 2)^2)
  gradient <- K$`function`(list(p), list(K$gradients(loss, list(w))[[1]]))
  out$gradient <- gradient(list(matrix(1, 2, 3)))[[1]]
  # A weight penalty from the variable alone (a value at once on TensorFlow), added to a loss
  # with a placeholder: d/dw (sum(w * p) + 0.5 * sum(w^2)) is p + w.
  penalized <- sum(w * p) + 0.5 * sum(w^2)
  penalty_gradient <- K$`function`(list(p), list(K$gradients(penalized, list(w))[[1]]))
  out$penalty_gradient <- penalty_gradient(list(matrix(1, 2, 3)))[[1]]

  # The losses, through placeholders and K$function.
  cases <- list(
    issue_example = list(data$counts, data$predictions),
    poisson_deviance = list(data$counts, data$predictions),
    gpd_negative_log_likelihood = list(data$exceedances, data$gpd)
  )
  out$losses <- list()
  for (name in names(extras$losses)) {
    y_true <- K$placeholder(shape = list(NULL, ncol(cases[[name]][[1]])))
    y_pred <- K$placeholder(shape = list(NULL, ncol(cases[[name]][[2]])))
    value <- K$`function`(list(y_true, y_pred), list(extras$losses[[name]](y_true, y_pred, K)))
    out$losses[[name]] <- value(cases[[name]])[[1]]
  }
  out
}

for_each_tensor_engine("gradients", gradients_topic, extras = list(losses = tensor_losses),
                       function(case, session, label) {
  data <- tensor_data

  test_that(paste("gradients flow through operators and slices", label), {
    result <- session()
    expected <- matrix(0, 2, 3)
    expected[, 1] <- 2 * (data$a[, 1] - 2)
    expect_r_value(result$gradient, expected)
    expect_r_value(result$penalty_gradient, 1 + data$a)
  })

  test_that(paste("three custom losses equal plain R on the same numbers", label), {
    losses <- session()$losses
    expect_equal(
      as.vector(losses$issue_example),
      tensor_losses$issue_example(data$counts, data$predictions, plain_k), tolerance = 1e-5
    )
    expect_equal(
      as.vector(losses$poisson_deviance),
      tensor_losses$poisson_deviance(data$counts, data$predictions, plain_k), tolerance = 1e-5
    )
    expect_equal(
      as.vector(losses$gpd_negative_log_likelihood),
      tensor_losses$gpd_negative_log_likelihood(data$exceedances, data$gpd, plain_k),
      tolerance = 1e-5
    )
  })
})
