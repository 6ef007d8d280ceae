# Scores R's surveillance package on the benchmark series, at the package's own settings.
# Usage: Rscript surveillance.R input.csv output.csv
#   input:  series_id,date,count,frequency(daily|weekly),eval_start(0-based index of the first evaluated point)
#   output: series_id,method,index (0-based index in the series of every alarming point of the evaluation window;
#           a row "<method>:evaluated" per series gives the number of points evaluated)
# Methods:
#   farringtonFlexible with the package's default control (b = 5, w = 3, noPeriods = 1, reweighting at 2.58,
#     alpha = 0.05, trend with pThresholdTrend = 0.05, limit54 = c(5, 4), powertrans = "2/3", thresholdMethod = "delta");
#   farringtonFlexible with Noufaily et al. (2013)'s improvements on top: noPeriods = 10, pastWeeksNotIncluded = 26,
#     thresholdMethod = "nbPlugin" (reported as "farringtonNoufaily");
#   earsC C1, C2, C3 with defaults (baseline 7, alpha 0.001 for C1/C2 and 0.025 for C3);
#   glrnb with defaults except alpha = NULL (dispersion estimated, i.e. negative binomial rather than Poisson):
#     c.ARL = 5, mu0 fitted on the history before the evaluation window (mu0Model: one harmonic, no trend), ret = "cases".
suppressPackageStartupMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
rows <- list()
add <- function(id, method, alarm, rng) {
  idx <- rng[!is.na(alarm) & alarm] - 1
  if (length(idx) > 0) rows[[length(rows) + 1]] <<- data.frame(series_id = id, method = method, index = idx)
  rows[[length(rows) + 1]] <<- data.frame(series_id = id, method = paste0(method, ":evaluated"), index = length(rng))
}
for (id in unique(d$series_id)) {
  s <- d[d$series_id == id, ]
  dates <- as.Date(s$date)
  weekly <- s$frequency[1] == "weekly"
  freq <- if (weekly) 52 else 365
  start <- if (weekly) c(as.integer(format(dates[1], "%G")), as.integer(format(dates[1], "%V"))) else c(as.integer(format(dates[1], "%Y")), as.integer(format(dates[1], "%j")))
  x <- sts(observed = s$count, epoch = as.numeric(dates), epochAsDate = TRUE, frequency = freq, start = start)
  rng <- (s$eval_start[1] + 1):nrow(s)
  f <- tryCatch(suppressWarnings(farringtonFlexible(x, control = list(range = rng))),
         error = function(e) { message(id, " farringtonFlexible: ", conditionMessage(e)); NULL })
  if (!is.null(f)) add(id, "farringtonFlexible", as.vector(alarms(f)), rng)
  f <- tryCatch(suppressWarnings(farringtonFlexible(x, control = list(range = rng, b = 5, w = 3, noPeriods = 10,
         weightsThreshold = 2.58, pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin"))), error = function(e) { message(id, " farringtonNoufaily: ", conditionMessage(e)); NULL })
  if (!is.null(f)) add(id, "farringtonNoufaily", as.vector(alarms(f)), rng)
  for (m in c("C1", "C2", "C3")) {
    e <- tryCatch(earsC(x, control = list(range = rng, method = m)), error = function(e) { message(id, " earsC ", m, ": ", conditionMessage(e)); NULL })
    if (!is.null(e)) add(id, paste0("earsC", m), as.vector(alarms(e)), rng)
  }
  g <- tryCatch(suppressWarnings(suppressMessages(glrnb(x, control = list(range = rng, alpha = NULL, c.ARL = 5)))), error = function(e) { message(id, " glrnb: ", conditionMessage(e)); NULL })
  if (!is.null(g)) add(id, "glrnb", as.vector(alarms(g)), rng)
}
out <- if (length(rows) > 0) do.call(rbind, rows) else data.frame(series_id = character(), method = character(), index = integer())
write.csv(out, args[2], row.names = FALSE, quote = FALSE)
