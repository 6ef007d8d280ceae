namespace Vigia.Detection.Evaluation;

/// <summary>Derives per-series seeds that are the same in every run (string.GetHashCode and HashCode are randomised per process).</summary>
internal static class StableSeed
{
    public static int Of(int seed, string name, int index)
    {
        // FNV-1a over the parts.
        var hash = 2166136261u;
        void Mix(int value)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                hash = (hash ^ (uint)((value >> shift) & 0xFF)) * 16777619u;
            }
        }

        Mix(seed);
        foreach (var c in name)
        {
            Mix(c);
        }

        Mix(index);
        return (int)(hash & int.MaxValue);
    }
}
