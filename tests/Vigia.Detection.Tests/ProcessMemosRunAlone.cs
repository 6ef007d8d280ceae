namespace Vigia.Detection.Tests;

/// <summary>
/// Tests that count or look up a memo of the whole process (fitted baselines, replay checkpoints) run alone: every
/// other test fits and replays while they count.
/// </summary>
[CollectionDefinition(nameof(ProcessMemosRunAlone), DisableParallelization = true)]
public sealed class ProcessMemosRunAlone;
