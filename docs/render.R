# Renders one vignette to HTML: Rscript docs/render.R vignettes/<name>.Rmd <output folder>
# Run from the repository's root (docs/render.sh does): chunks run with it as working folder.
arguments <- commandArgs(trailingOnly = TRUE)
if (length(arguments) != 2) {
  stop("usage: Rscript docs/render.R vignettes/<name>.Rmd <output folder>", call. = FALSE)
}
started <- Sys.time()
output <- rmarkdown::render(
  arguments[[1]],
  output_dir = arguments[[2]],
  knit_root_dir = getwd(),
  intermediates_dir = tempdir(),
  envir = new.env(),
  quiet = TRUE
)
cat(sprintf("%s (%.0f s)\n", output, as.numeric(difftime(Sys.time(), started, units = "secs"))))
