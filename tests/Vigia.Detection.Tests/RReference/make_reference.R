# Records R's numbers that the tests pin Vigia's detectors against.
# Run from this folder: Rscript make_reference.R   (R 4.2.2, surveillance 1.20.3, MASS)
# Every output file starts with "#" lines naming the R call that produced it.
suppressPackageStartupMessages(library(surveillance))
header <- function(file, lines) writeLines(paste("#", lines), file)

# --- EARS C1, C2, C3 on a small daily series --------------------------------------------------------
y <- c(3, 5, 2, 4, 6, 3, 4, 5, 2, 3, 4, 12, 5, 3, 4, 9, 10, 4, 3, 2)
s <- sts(observed = y, start = c(2017, 1), frequency = 365, epoch = as.numeric(as.Date("2017-06-01")) + 0:19, epochAsDate = TRUE)
z3 <- 1 - pnorm(3)   # alpha that gives the CDC's threshold of 3 standard deviations
c1 <- earsC(s, control = list(method = "C1", alpha = z3, range = 8:20))
c2 <- earsC(s, control = list(method = "C2", alpha = z3, range = 10:20))
c3 <- earsC(s, control = list(method = "C3", range = 12:20))
f <- "ears.csv"
header(f, c("y <- c(3, 5, 2, 4, 6, 3, 4, 5, 2, 3, 4, 12, 5, 3, 4, 9, 10, 4, 3, 2); daily sts from 2017-06-01",
            "earsC(s, control = list(method = 'C1', alpha = 1 - pnorm(3), range = 8:20))",
            "earsC(s, control = list(method = 'C2', alpha = 1 - pnorm(3), range = 10:20))",
            "earsC(s, control = list(method = 'C3', range = 12:20))   # alpha 0.025: threshold qnorm(0.975)",
            "index is 0-based; upperbound and alarm as R returns them"))
out <- rbind(
  data.frame(method = "C1", index = 7:19, upperbound = upperbound(c1)[, 1], alarm = as.integer(alarms(c1)[, 1])),
  data.frame(method = "C2", index = 9:19, upperbound = upperbound(c2)[, 1], alarm = as.integer(alarms(c2)[, 1])),
  data.frame(method = "C3", index = 11:19, upperbound = upperbound(c3)[, 1], alarm = as.integer(alarms(c3)[, 1])))
suppressWarnings(write.table(out, f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))

# --- Negative binomial and Poisson tails (mean mu, variance phi * mu) ---------------------------------
f <- "tails.csv"
header(f, c("phi > 1: size = mu / (phi - 1), prob = 1 / phi; phi = 1: Poisson",
            "upper_tail = pnbinom(y - 1, size, prob, lower.tail = FALSE)  (or ppois(y - 1, mu, lower.tail = FALSE))",
            "upper_bound = qnbinom(1 - alpha, size, prob)  (or qpois(1 - alpha, mu)): the largest count that does not alarm at level alpha"))
grid <- expand.grid(mu = c(0.02, 0.3, 1, 9, 40, 250), phi = c(1, 1.5, 3), y = c(0, 1, 2, 3, 5, 12, 25, 60, 300), alpha = c(0.005, 0.05))
grid$upper_tail <- with(grid, ifelse(phi == 1, ppois(y - 1, mu, lower.tail = FALSE), pnbinom(y - 1, size = mu / (phi - 1), prob = 1 / phi, lower.tail = FALSE)))
grid$upper_bound <- with(grid, ifelse(phi == 1, qpois(1 - alpha, mu), qnbinom(1 - alpha, size = mu / (phi - 1), prob = 1 / phi)))
suppressWarnings(write.table(format(grid, digits = 15), f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))

# --- Quasi-Poisson regression: trend and one annual harmonic on weekly counts -----------------------
set.seed(42)
t <- 1:156
mu <- exp(1.5 + 0.002 * t + 0.4 * cos(2 * pi * t / 52) + 0.2 * sin(2 * pi * t / 52))
yw <- rnbinom(156, size = mu / 0.5, prob = 1 / 1.5)
m <- glm(yw ~ t + cos(2 * pi * t / 52) + sin(2 * pi * t / 52), family = quasipoisson)
f <- "glm_counts.csv"
header(f, c("set.seed(42); t <- 1:156; mu <- exp(1.5 + 0.002 * t + 0.4 * cos(2 * pi * t / 52) + 0.2 * sin(2 * pi * t / 52))",
            "y <- rnbinom(156, size = mu / 0.5, prob = 1 / 1.5)"))
suppressWarnings(write.table(data.frame(t = t, y = yw), f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
f <- "glm_fit.csv"
header(f, c("m <- glm(y ~ t + cos(2 * pi * t / 52) + sin(2 * pi * t / 52), family = quasipoisson)  on glm_counts.csv",
            "coef(m), sqrt(diag(vcov(m))) and summary(m)$dispersion (Pearson chi-square / (n - p))"))
out <- data.frame(term = c("intercept", "t", "cos", "sin", "dispersion"),
                  estimate = c(coef(m), summary(m)$dispersion), se = c(sqrt(diag(vcov(m))), NA))
suppressWarnings(write.table(format(out, digits = 15), f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))

# --- Negative binomial CUSUM: glrnb with a known shift is the Watkins et al. recursive LR scheme ------
mu0 <- 5; phi <- 2; delta <- 1
kappa <- log(1 + delta * sqrt(phi / mu0))          # mu1 = mu0 + delta * sd = mu0 * exp(kappa)
yc <- c(4, 6, 5, 3, 8, 9, 7, 11, 12, 6, 5, 4, 3, 14, 6, 5, 2, 4, 5, 13, 12, 11, 5, 4)
sc <- sts(observed = yc, start = c(2017, 1), frequency = 52)
g <- glrnb(sc, control = list(range = 1:24, mu0 = rep(mu0, 24), alpha = (phi - 1) / mu0, theta = kappa, c.ARL = 2.5, ret = "value", dir = "inc"))
f <- "cusum.csv"
header(f, c("mu0 = 5, phi = 2 (glrnb alpha = (phi - 1) / mu0 = 0.2, i.e. size mu0 / (phi - 1)), shift delta = 1 sd: theta = log(1 + sqrt(phi / mu0))",
            "yc <- c(4, 6, 5, 3, 8, 9, 7, 11, 12, 6, 5, 4, 3, 14, 6, 5, 2, 4, 5, 13, 12, 11, 5, 4); sc <- sts(yc, start = c(2017, 1), frequency = 52)",
            "glrnb(sc, control = list(range = 1:24, mu0 = rep(5, 24), alpha = 0.2, theta = kappa, c.ARL = 2.5, ret = 'value', dir = 'inc'))",
            "statistic = upperbound(g) with ret = 'value' (the LR statistic before the alarm reset), alarm = alarms(g)"))
out <- data.frame(index = 0:23, y = yc, statistic = upperbound(g)[, 1], alarm = as.integer(alarms(g)[, 1]))
suppressWarnings(write.table(format(out, digits = 15), f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
