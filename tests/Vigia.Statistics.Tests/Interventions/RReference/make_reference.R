# Simulates the panels the intervention tests use and records R's estimates on them.
# Run from this folder: Rscript make_reference.R   (R 4.2.2, sandwich, MASS; fixest is not packaged for Debian here)
# Every output file starts with "#" lines naming the R call that produced it.
suppressPackageStartupMessages(library(sandwich))
header <- function(file, lines) writeLines(paste("#", lines), file)
months <- seq(as.Date("2013-01-01"), by = "month", length.out = 48)
start <- as.Date("2015-01-01")

# --- Panels: 40 places (p01..p20 treated), 48 months, negative-binomial counts (size 10) -------------
# effect: treated places fall by 20 % from January 2015; none: no change; pretrend: treated places
# fall 1.5 % a month faster than the others throughout, with no break at the start.
simulate <- function(seed, ratio, monthly_trend) {
  set.seed(seed)
  places <- sprintf("p%02d", 1:40)
  level <- exp(rnorm(40, log(15), 0.5))
  period_effect <- exp(0.15 * cos(2 * pi * (1:48) / 12) + rnorm(48, 0, 0.05))
  d <- expand.grid(period = 1:48, place = 1:40)
  d$treated <- as.integer(d$place <= 20)
  post <- as.integer(months[d$period] >= start)
  mu <- level[d$place] * period_effect[d$period] * ifelse(d$treated == 1 & post == 1, ratio, 1) *
    ifelse(d$treated == 1, exp(monthly_trend * (d$period - 25)), 1)
  d$y <- rnbinom(nrow(d), size = 10, mu = mu)
  data.frame(place = places[d$place], period = format(months[d$period]), treated = d$treated, y = d$y)
}
panels <- list(effect = simulate(2015, 0.8, 0), none = simulate(2016, 1, 0), pretrend = simulate(2017, 1, -0.015))

f <- "did_estimates.csv"
header(f, c("d <- read.csv('did_<panel>.csv'); d$post <- as.integer(as.Date(d$period) >= as.Date('2015-01-01')); d$treat_post <- d$treated * d$post",
            "m <- glm(y ~ factor(place) + factor(period) + treat_post, family = poisson, data = d)",
            "V <- sandwich::vcovCL(m, cluster = ~place)   # HC0 with the G/(G-1) cluster adjustment (R's defaults for a glm)",
            "event study: rel <- months since 2015-01; bin <- floor(rel / 12); treated x bin dummies for bins -2, 0, 1 (bin -1 the reference)",
            "e <- glm(y ~ factor(place) + factor(period) + es_m2 + es_0 + es_1, family = poisson); Ve <- vcovCL(e, cluster = ~place)",
            "pre-trend Wald chi-square: b_m2^2 / Ve[es_m2, es_m2] (one lead), p = pchisq(chi2, 1, lower.tail = FALSE)"))
rows <- NULL
for (name in names(panels)) {
  d <- panels[[name]]
  data_file <- paste0("did_", name, ".csv")
  header(data_file, c("simulated in make_reference.R (see its header); one row per place and month"))
  suppressWarnings(write.table(d, data_file, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
  d$post <- as.integer(as.Date(d$period) >= start)
  d$treat_post <- d$treated * d$post
  m <- glm(y ~ factor(place) + factor(period) + treat_post, family = poisson, data = d)
  V <- vcovCL(m, cluster = ~place)
  rel <- (as.integer(format(as.Date(d$period), "%Y")) - 2015) * 12 + as.integer(format(as.Date(d$period), "%m")) - 1
  bin <- floor(rel / 12)
  d$es_m2 <- d$treated * (bin == -2)
  d$es_0 <- d$treated * (bin == 0)
  d$es_1 <- d$treated * (bin == 1)
  e <- glm(y ~ factor(place) + factor(period) + es_m2 + es_0 + es_1, family = poisson, data = d)
  Ve <- vcovCL(e, cluster = ~place)
  chi2 <- coef(e)[["es_m2"]]^2 / Ve["es_m2", "es_m2"]
  rows <- rbind(rows, data.frame(panel = name,
    b = coef(m)[["treat_post"]], se = sqrt(V["treat_post", "treat_post"]),
    es_m2 = coef(e)[["es_m2"]], es_m2_se = sqrt(Ve["es_m2", "es_m2"]),
    es_0 = coef(e)[["es_0"]], es_0_se = sqrt(Ve["es_0", "es_0"]),
    es_1 = coef(e)[["es_1"]], es_1_se = sqrt(Ve["es_1", "es_1"]),
    pretrend_chi2 = chi2, pretrend_p = pchisq(chi2, 1, lower.tail = FALSE)))
}
suppressWarnings(write.table(format(rows, digits = 12), f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))

# --- Interrupted time series: one series, 72 months from 2012-01, a 20 % drop from 2016-01 ----------
set.seed(2018)
t <- 0:71
month <- (t %% 12) + 1
post <- as.integer(t >= 48)
mu <- exp(log(60) + 0.004 * t + 0.2 * cos(2 * pi * t / 12)) * ifelse(post == 1, 0.8, 1)
y <- rnbinom(72, size = 30, mu = mu)
its <- data.frame(period = format(seq(as.Date("2012-01-01"), by = "month", length.out = 72)), y = y)
f <- "its_series.csv"
header(f, "simulated in make_reference.R: 72 months from 2012-01, mean 60 with trend and season, x 0.8 from 2016-01, negative binomial size 30")
suppressWarnings(write.table(its, f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
post_t <- post * (t - 48)
m <- glm(y ~ t + post + post_t + factor(month), family = quasipoisson)
f <- "its_estimates.csv"
header(f, c("t <- 0:71; month <- t %% 12 + 1; post <- t >= 48; post_t <- post * (t - 48)",
            "m <- glm(y ~ t + post + post_t + factor(month), family = quasipoisson)",
            "se = sqrt(diag(vcov(m))) (scaled by the Pearson dispersion); dispersion = summary(m)$dispersion"))
out <- data.frame(term = c("t", "post", "post_t", "dispersion"),
                  estimate = c(coef(m)[c("t", "post", "post_t")], summary(m)$dispersion),
                  se = c(sqrt(diag(vcov(m)))[c("t", "post", "post_t")], NA))
suppressWarnings(write.table(format(out, digits = 12), f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
