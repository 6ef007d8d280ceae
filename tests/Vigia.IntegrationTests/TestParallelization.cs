// The outage tests stop the whole broker, and the processes of one fixture already keep two cores
// busy: test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
