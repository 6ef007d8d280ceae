using Google.Protobuf.WellKnownTypes;
using Vigia.Common.V1;
using Vigia.Ingestion.V1;

namespace Vigia.LoadTool.Workload;

/// <summary>
/// Generates reports shaped like the ones data desks send: El Salvador's municipalities weighted by
/// how violent their departments are, a year of days, the usual mix of incident types, victims and
/// perpetrators, a fifth of the places spelled as names rather than codes. Deterministic for a seed.
/// </summary>
/// <remarks>
/// The workload is one desk's bulk export (a police bulletin feed): the registry never merges two
/// records of one source, and every report also gets a (day, municipality) of its own, so each one
/// becomes an incident and the statistics total must come to exactly the number accepted. No
/// background report is a homicide of a relative of security forces: only the planted waves are, so
/// every alert the default rule raises is one the tool planted and can time. None is a homicide of a
/// prison officer either: only the live waves are (<see cref="TrickleWaves"/>).
/// </remarks>
public sealed class WorkloadGenerator(int seed, string runTag)
{
    private const int WaveSize = 3;

    private const string Source = "pnc-bulletin";

    private static readonly IncidentType[] s_types =
    [
        IncidentType.Homicide, IncidentType.Attack, IncidentType.ArmedConfrontation, IncidentType.Extortion,
        IncidentType.Disappearance, IncidentType.ExtrajudicialKilling, IncidentType.Other,
    ];

    private static readonly double[] s_typeWeights = [50, 15, 5, 12, 12, 3, 3];

    private static readonly string[] s_perpetrators = ["MS13", "Barrio 18 Sureños", "Barrio 18 Revolucionarios", "unknown"];
    private static readonly double[] s_perpetratorWeights = [45, 15, 12, 28];

    private readonly Random _random = new(seed);

    // Ingestion refuses a publication time in the future.
    private readonly DateTime _generatedAt = DateTime.UtcNow.AddMinutes(-1);

    /// <summary>
    /// <paramref name="reports"/> reports over the <paramref name="days"/> days ending on
    /// <paramref name="lastDay"/>, with up to <paramref name="waves"/> waves, each planted in a full batch.
    /// </summary>
    public ReportWorkload Generate(int reports, int batchSize, int waves, DateOnly lastDay, int days)
    {
        var firstDay = lastDay.AddDays(1 - days);
        var fullBatches = reports / batchSize;
        // Waves at least a week apart, so the 2-day rule sees each as a wave of its own.
        var waveCount = batchSize < WaveSize ? 0 : Math.Min(waves, Math.Min(fullBatches, days / 7));
        var plantedWaves = PlanWaves(waveCount, fullBatches, firstDay, days);

        var waveCells = plantedWaves
            .SelectMany(w => w.Departments.Select(d => (w.Day, Municipality: PickMunicipality(d))))
            .ToList();
        var background = PickBackgroundCells(reports - waveCells.Count, firstDay, days, waveCells.Select(c => (c.Day, c.Municipality.Code)).ToHashSet());
        _random.Shuffle(background);

        var sendOrder = new Report?[reports];
        for (var w = 0; w < plantedWaves.Count; w++)
        {
            var wave = plantedWaves[w];
            var positions = Enumerable.Range(wave.BatchIndex * batchSize, batchSize).OrderBy(_ => _random.Next()).Take(WaveSize).Order().ToArray();
            for (var k = 0; k < WaveSize; k++)
            {
                var (day, municipality) = waveCells[(w * WaveSize) + k];
                sendOrder[positions[k]] = WaveReport(positions[k], day, municipality);
            }
        }

        var next = 0;
        for (var i = 0; i < reports; i++)
        {
            if (sendOrder[i] is null)
            {
                var (day, municipality) = background[next++];
                sendOrder[i] = BackgroundReport(i, day, municipality);
            }
        }

        return new ReportWorkload([.. sendOrder.Select(r => r!)], batchSize, plantedWaves, firstDay, lastDay);
    }

    /// <summary>
    /// <paramref name="count"/> waves for live traffic (a desk typing bulletins in as they come), in a series of their own:
    /// homicides of prison officers, which no other report of the workload is, so neither the bulk load nor the planted
    /// waves touch it. Their days run a week apart up to the workload's last day, in the order they are sent, so each is
    /// the newest day of its series when it arrives, as today's bulletins are; a wave judged on a day behind the series'
    /// last resolved wave would never alarm (the earlier design, on days between the planted waves, measured nothing).
    /// </summary>
    public IReadOnlyList<TrickleWave> TrickleWaves(int count, ReportWorkload workload)
    {
        var departments = SalvadorPlaces.Municipalities.Select(m => m.DepartmentCode).Distinct().ToArray();
        var waves = new List<TrickleWave>(count);
        var first = workload.LastDay.AddDays(-7 * (count - 1));
        for (var number = 0; number < count; number++)
        {
            var day = first.AddDays(7 * number);
            if (day < workload.FirstDay)
            {
                continue;
            }

            var reports = Enumerable.Range(0, WaveSize)
                .Select(k => LiveReport((number * WaveSize) + k, day, PickMunicipality(departments[((number * WaveSize) + k) % departments.Length])))
                .ToList();
            waves.Add(new TrickleWave(waves.Count + 1, day, reports));
        }

        return waves;
    }

    private static List<PlantedWave> PlanWaves(int count, int fullBatches, DateOnly firstDay, int days)
    {
        var departments = SalvadorPlaces.Municipalities.Select(m => m.DepartmentCode).Distinct().ToArray();
        var waves = new List<PlantedWave>(count);
        for (var w = 0; w < count; w++)
        {
            var day = firstDay.AddDays((int)((w + 0.5) * days / count));
            var batch = (int)((w + 0.5) * fullBatches / count);
            // Three departments of their own: three separate incidents, one wave for the country.
            string[] where = [.. Enumerable.Range(0, WaveSize).Select(k => departments[((w * WaveSize) + k) % departments.Length])];
            waves.Add(new PlantedWave(w + 1, day, where, batch));
        }

        return waves;
    }

    /// <summary>
    /// Distinct (day, municipality) cells, drawn without replacement with each department's share of the
    /// violence (Efraimidis–Spirakis weighted sampling: the largest u^(1/w) keys win).
    /// </summary>
    private (DateOnly Day, SalvadorMunicipality Municipality)[] PickBackgroundCells(int count, DateOnly firstDay, int days, HashSet<(DateOnly, string)> reserved)
    {
        var municipalities = SalvadorPlaces.Municipalities;
        var perDepartment = municipalities.GroupBy(m => m.DepartmentCode).ToDictionary(g => g.Key, g => g.Count());
        var capacity = (days * municipalities.Count) - reserved.Count;
        if (count > capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} reports need more than the {capacity} distinct (day, municipality) cells of {days} days; generate fewer reports or more days.");
        }

        var keyed = new List<(double Key, DateOnly Day, SalvadorMunicipality Municipality)>(days * municipalities.Count);
        for (var d = 0; d < days; d++)
        {
            var day = firstDay.AddDays(d);
            foreach (var municipality in municipalities)
            {
                if (reserved.Contains((day, municipality.Code)))
                {
                    continue;
                }

                var weight = SalvadorPlaces.DepartmentWeight(municipality.DepartmentCode) / perDepartment[municipality.DepartmentCode];
                keyed.Add((Math.Log(1 - _random.NextDouble()) / weight, day, municipality));
            }
        }

        return [.. keyed.OrderByDescending(k => k.Key).Take(count).Select(k => (k.Day, k.Municipality))];
    }

    private SalvadorMunicipality PickMunicipality(string departmentCode)
    {
        var inDepartment = SalvadorPlaces.Municipalities.Where(m => m.DepartmentCode == departmentCode).ToArray();
        return inDepartment[_random.Next(inDepartment.Length)];
    }

    private Report BackgroundReport(int index, DateOnly day, SalvadorMunicipality municipality)
    {
        var type = Pick(s_types, s_typeWeights);
        var perpetrator = type == IncidentType.ExtrajudicialKilling ? "security forces" : Pick(s_perpetrators, s_perpetratorWeights);
        var report = NewReport(index, day, municipality, type, perpetrator);
        report.Victims.Add(BackgroundVictims(type));
        report.Description = Describe(type, report.Victims.Sum(v => v.Count), municipality.Name);
        return report;
    }

    private Report WaveReport(int index, DateOnly day, SalvadorMunicipality municipality)
    {
        var report = NewReport(index, day, municipality, IncidentType.Homicide, "MS13");
        report.Victims.Add(new Victims { Category = VictimCategory.SecurityForceRelative, Count = 1 });
        report.Description = $"Asesinan a familiar de agente de la PNC en {municipality.Name}";
        return report;
    }

    private Report LiveReport(int index, DateOnly day, SalvadorMunicipality municipality)
    {
        var report = NewReport(index, day, municipality, IncidentType.Homicide, "Barrio 18 Sureños");
        report.Victims.Add(new Victims { Category = VictimCategory.PrisonOfficer, Count = 1 });
        report.Description = $"Asesinan a custodio penitenciario en {municipality.Name}";
        return report;
    }

    private Report NewReport(int index, DateOnly day, SalvadorMunicipality municipality, IncidentType type, string perpetrator)
    {
        var id = $"{runTag}-{index:D7}";
        // A fifth of the desks spell places out ("Dpto. de San Salvador", "Apopa") as the seeds do.
        var byName = _random.NextDouble() < 0.2;
        return new Report
        {
            Source = Source,
            SourceRecordId = id,
            Url = $"https://observatorio.example/{Source}/{id}",
            PublishedAt = Timestamp.FromDateTime(Earliest(day.ToDateTime(new TimeOnly(18, 0), DateTimeKind.Utc).AddHours(_random.Next(0, 48)), _generatedAt)),
            OccurredOn = new Google.Type.Date { Year = day.Year, Month = day.Month, Day = day.Day },
            DatePrecision = DatePrecision.Day,
            Place = new Place
            {
                CountryCode = SalvadorPlaces.Country,
                Admin1 = byName ? SalvadorPlaces.DepartmentName(municipality.DepartmentCode) : municipality.DepartmentCode,
                Admin2 = byName ? municipality.Name : municipality.Code,
            },
            IncidentType = type,
            Perpetrator = perpetrator,
            Language = "es",
        };
    }

    private IEnumerable<Victims> BackgroundVictims(IncidentType type)
    {
        var count = Pick([1, 2, 3], [80, 15, 5]);
        var category = type switch
        {
            IncidentType.Homicide => Pick(
                [VictimCategory.Civilian, VictimCategory.GangMember, VictimCategory.Unknown, VictimCategory.PoliceOfficer, VictimCategory.Soldier, VictimCategory.FormerSecurityForce],
                [60, 24, 10, 3, 2, 1]),
            IncidentType.Attack => Pick(
                [VictimCategory.Civilian, VictimCategory.PoliceOfficer, VictimCategory.Soldier, VictimCategory.SecurityForceRelative, VictimCategory.PrisonOfficer],
                [70, 15, 6, 6, 3]),
            IncidentType.ArmedConfrontation => Pick([VictimCategory.GangMember, VictimCategory.PoliceOfficer, VictimCategory.Soldier], [70, 20, 10]),
            IncidentType.ExtrajudicialKilling => Pick([VictimCategory.GangMember, VictimCategory.Civilian], [60, 40]),
            IncidentType.Disappearance => Pick([VictimCategory.Civilian, VictimCategory.Unknown], [75, 25]),
            _ => VictimCategory.Civilian,
        };
        yield return new Victims { Category = category, Count = type == IncidentType.Extortion ? 1 : count };
    }

    private static string Describe(IncidentType type, int victims, string place) => type switch
    {
        IncidentType.Homicide => victims == 1 ? $"Hombre asesinado a balazos en {place}" : $"{victims} personas asesinadas en {place}",
        IncidentType.Attack => $"Ataque armado deja {victims} lesionado(s) en {place}",
        IncidentType.ArmedConfrontation => $"Enfrentamiento entre pandilleros y autoridades en {place}",
        IncidentType.Extortion => $"Comerciante denuncia extorsión de pandilla en {place}",
        IncidentType.Disappearance => $"Familia reporta desaparición en {place}",
        IncidentType.ExtrajudicialKilling => $"Denuncian ejecución atribuida a agentes en {place}",
        _ => $"Hecho violento reportado en {place}",
    };

    private static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;

    private T Pick<T>(T[] items, double[] weights)
    {
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < items.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return items[i];
            }
        }

        return items[^1];
    }
}
