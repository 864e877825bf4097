# The main job's R half: K <- backend(), a placeholder, a variable, a function evaluated and a
# gradient, printed and checked against R's own arithmetic.
#
#   KERAS_PYTHON=.venv/bin/python Rscript examples/demo.R
#
# Without KERAS_PYTHON, discovery chooses the interpreter (see keras_environments());
# KERAS_BACKEND=theano or cntk (or use_backend() below library()) chooses another engine.
library(kerasbridge)

K <- backend()
cat(sprintf("kerasbridge R package %s on the %s engine\n\n",
            utils::packageVersion("kerasbridge"), K$backend()))
print(keras_settings())

x <- K$placeholder(shape = list(NULL, 3L), name = "x")
w <- K$variable(array(c(1, 2, 3), dim = c(3L, 1L)), name = "w")
y <- K$dot(x, w)
loss <- K$mean(K$square(y))
gradient <- K$gradients(loss, list(w))[[1]]
step <- K$`function`(list(x), list(y, loss, gradient))

batch <- matrix(c(1, 0, 0,
                  0, 1, 1), nrow = 2, byrow = TRUE)
result <- step(list(batch))
cat("\nplaceholder", deparse(K$int_shape(x)), " variable", deparse(K$int_shape(w)),
    K$dtype(w), "\n")
cat("x %*% w          =", format(as.vector(result[[1]])), "\n")
cat("mean((x %*% w)^2) =", format(as.vector(result[[2]])), "\n")
cat("d loss / d w     =", format(as.vector(result[[3]])), "\n")

# The same in plain R.
w_value <- K$get_value(w)
expected <- 2 * t(batch) %*% (batch %*% w_value) / nrow(batch)
stopifnot(isTRUE(all.equal(as.vector(result[[3]]), as.vector(expected), tolerance = 1e-6)))
cat("gradient matches R:", isTRUE(all.equal(as.vector(result[[3]]), as.vector(expected))), "\n")

# Strict integers: a double where the API needs an integer is refused, saying how to write it,
# with a condition class of its own.
message <- tryCatch({
  K$placeholder(shape = list(2, 3L))
  "accepted"
}, kerasbridge_integer_type_error = function(error) {
  sprintf("%s [%s]", conditionMessage(error), class(error)[[1]])
})
cat("\nstrict integers:", message, "\n")
