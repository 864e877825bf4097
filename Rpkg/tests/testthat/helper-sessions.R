# One fresh R process per engine runs the README's examples and a placeholder, a variable, a
# function and a gradient, and returns everything the tests compare against R's own arithmetic.
# Sessions are run once per R process and shared by the tests of that process.

engine_sessions <- new.env(parent = emptyenv())

# `via`: how the engine is chosen, as a user would: "default" (nothing), "use_backend",
# "use_implementation" (TensorFlow's tf_keras) or "environment" (Sys.setenv() before
# library(), as in the seed).
engine_session <- function(engine, via, python) {
  key <- paste(engine, via, sep = "/")
  if (is.null(engine_sessions[[key]])) {
    engine_sessions[[key]] <- in_fresh_r(run_engine_session, args = list(engine, via),
                                         env = c(KERAS_PYTHON = python))
  }
  engine_sessions[[key]]
}

# Runs in the fresh process: self-contained.
run_engine_session <- function(engine, via) {
  catch <- function(expr) {
    tryCatch({
      expr
      NULL
    }, error = function(error) list(class = class(error), message = conditionMessage(error)))
  }
  if (via == "environment") Sys.setenv(KERAS_BACKEND = engine)
  library(kerasbridge)
  if (via == "use_backend") use_backend(engine)
  if (via == "use_implementation") use_implementation("tensorflow")
  out <- list(started_before = reticulate::py_available())
  started <- Sys.time()
  K <- backend()
  out$seconds_to_backend <- as.numeric(Sys.time() - started, units = "secs")
  out$same_object <- identical(backend(), K)
  out$engine <- K$backend()

  # The README's examples, as written.
  inputs <- K$placeholder(shape = list(2L, 4L, 5L))
  out$shape_fixed <- K$int_shape(inputs)
  inputs <- K$placeholder(shape = list(NULL, 4L, 5L))
  out$shape_free <- K$int_shape(inputs)
  inputs <- K$placeholder(ndim = 3L)
  out$ndim <- K$ndim(inputs)
  set.seed(7)
  val <- array(runif(60), dim = c(3L, 4L, 5L))
  var <- K$variable(value = val)
  out$val <- val
  out$var <- K$eval(var)
  out$zeros <- K$eval(K$zeros(shape = list(3L, 4L, 5L)))
  out$ones <- K$eval(K$ones(shape = list(3L, 4L, 5L)))

  # A function and a gradient: y = x %*% w, loss = sum(y^2), d loss / d w = 2 t(x) %*% y.
  x <- K$placeholder(shape = list(NULL, 3L))
  w <- K$variable(array(c(1, -2, 0.5), dim = c(3L, 1L)))
  y <- K$dot(x, w)
  loss <- K$sum(K$square(y))
  gradient <- K$gradients(loss, list(w))[[1]]
  f <- K$`function`(list(x), list(y, loss, gradient))
  out$x <- matrix(c(1, 2, 3, 4, 5, 6), nrow = 2, byrow = TRUE)
  out$w <- array(c(1, -2, 0.5), dim = c(3L, 1L))
  out$f <- f(list(out$x))

  # Strict integer typing from R: the conditions themselves, to check their classes.
  condition <- function(expr) tryCatch({
    expr
    NULL
  }, error = identity)
  out$double_shape <- condition(K$placeholder(shape = list(2, 4, 5)))
  out$na_shape <- condition(K$placeholder(shape = list(NA_integer_, 4L, 5L)))
  out$double_ndim <- condition(K$placeholder(ndim = 3))
  out$dispatched <- tryCatch(K$placeholder(shape = list(2, 4, 5)),
    kerasbridge_integer_type_error = function(error) "kerasbridge_integer_type_error",
    error = function(error) "error"
  )

  # The engine cannot change once started; asking for the running one is fine.
  other <- if (engine == "theano") "cntk" else "theano"
  out$other <- other
  out$python <- reticulate::py_config()$python
  out$switch_backend <- catch(use_backend(other))
  out$switch_implementation <- catch(use_implementation(
    if (via == "use_implementation") "keras" else "tensorflow"
  ))
  out$same_backend <- catch(use_backend(engine))
  out$settings <- keras_settings()
  out
}
