#!/usr/bin/env bash
# A study as a Slurm job array: one array task per point, each running
# `aetbench study run STUDY --out DIR --point K` (K = the task id), writing
# its point file into the shared folder DIR; a task whose point is finished
# does nothing, so the array can be resubmitted after a failure. Then one
# dependent job writes the report.
#
#   N=$(aetbench study list studies/interface-dose-tilt.toml --count)
#   jid=$(sbatch --parsable --array=0-$((N - 1)) studies/slurm-array.sh \
#         studies/interface-dose-tilt.toml /shared/idt)
#   sbatch --dependency=afterany:$jid --wrap "aetbench study report /shared/idt"
#
# Options for every task (edit to suit the cluster):
#SBATCH --job-name=aetbench-study
#SBATCH --cpus-per-task=8
#SBATCH --mem=16G
#SBATCH --time=02:00:00
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail
study=${1:?usage: sbatch --array=0-N-1 slurm-array.sh STUDY.toml DIR}
dir=${2:?usage: sbatch --array=0-N-1 slurm-array.sh STUDY.toml DIR}
: "${SLURM_ARRAY_TASK_ID:?run through sbatch --array}"
aetbench=${AETBENCH:-aetbench}
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
exec "$aetbench" study run "$study" --out "$dir" --point "$SLURM_ARRAY_TASK_ID" --threads "$OMP_NUM_THREADS"
