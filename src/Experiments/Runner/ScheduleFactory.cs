using Research.Framework.Objectives.Schedules;
using Research.Framework.Specs;

namespace Research.Experiments.Runner;

/// <summary>
/// Turns the spec's schedules (written in epochs and optimizer settings, as a user thinks of them)
/// into the framework's schedules of the optimizer step.
/// </summary>
public static class ScheduleFactory
{
    public static IKlSchedule Kl(ComponentSpec schedule, int stepsPerEpoch, int epochs)
    {
        var total = (long)stepsPerEpoch * epochs;
        return schedule.Name switch
        {
            "linear" => ScheduleRegistry.CreateKl("linear", new Dictionary<string, object>
            {
                ["warmup"] = schedule.GetInt("warmup_steps") > 0 ? (long)schedule.GetInt("warmup_steps") : (long)schedule.GetInt("warmup_epochs") * stepsPerEpoch,
            }),
            "cyclical" => ScheduleRegistry.CreateKl("cyclical", new Dictionary<string, object>
            {
                ["total_steps"] = Math.Max(total, 1),
                ["cycles"] = (long)schedule.GetInt("cycles"),
                ["ratio"] = schedule.GetDouble("ratio"),
            }),
            _ => ScheduleRegistry.CreateKl(schedule.Name, Settings(schedule)),
        };
    }

    public static ILearningRateSchedule LearningRate(ComponentSpec schedule, double lr, int stepsPerEpoch, int epochs)
    {
        var settings = Settings(schedule);
        settings["lr"] = lr;
        switch (schedule.Name)
        {
            case "step":
                settings["every"] = (long)schedule.GetInt("every") * stepsPerEpoch;
                return ScheduleRegistry.CreateLearningRate("step", settings);
            case "cosine":
                settings["total_steps"] = Math.Max((long)stepsPerEpoch * epochs, 1);
                return ScheduleRegistry.CreateLearningRate("cosine", settings);
            case "iwae_3i":
                settings["steps_per_pass"] = (long)stepsPerEpoch;
                return ScheduleRegistry.CreateLearningRate("iwae", settings);
            default:
                return ScheduleRegistry.CreateLearningRate(schedule.Name, settings);
        }
    }

    private static Dictionary<string, object> Settings(ComponentSpec schedule) =>
        schedule.Options.Where(o => o.Value is not null).ToDictionary(o => o.Key, o => o.Value!);
}
