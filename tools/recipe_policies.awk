# The D4RL recipe's choice of expert and medium policy from a SAC run's eval.csv
# (step,mean_return,std_return,normalized_score,...; one row per saved policy), used by
# tools/make_sac_datasets.sh:
#
#     awk -F, -v fraction=0.3333333333 -f tools/recipe_policies.awk RUN/eval.csv
#
# prints "EXPERT_STEP MEDIUM_STEP LEVEL THRESHOLD" (LEVEL and THRESHOLD are normalised scores):
#   LEVEL      the mean normalised score of the last ten evaluations: what the run has reached,
#              which one evaluation's dip or spike moves by a tenth at most;
#   expert     the last policy whose evaluation reaches LEVEL (the final policy unless the final
#              evaluation is below the level);
#   THRESHOLD  fraction × LEVEL;
#   medium     the first policy whose evaluation and the next two all reach THRESHOLD, so a lone
#              spike (Hopper standing still for 1000 steps) is not taken for a medium policy; the
#              window shortens at the end of the run, and with no such policy it is the expert.
NR > 1 {
    count++
    step[count] = $1
    score[count] = $4
}
END {
    if (count == 0) { print "no evaluations in " FILENAME > "/dev/stderr"; exit 1 }
    first = count > 10 ? count - 9 : 1
    level = 0
    for (i = first; i <= count; i++) level += score[i] / (count - first + 1)
    for (i = count; i >= 1; i--) if (score[i] >= level) { expert = step[i]; break }
    threshold = fraction * level
    medium = expert
    for (i = 1; i <= count; i++) {
        sustained = 1
        for (j = i; j <= i + 2 && j <= count; j++) if (score[j] < threshold) sustained = 0
        if (sustained) { medium = step[i]; break }
    }
    printf "%d %d %.2f %.2f\n", expert, medium, level, threshold
}
