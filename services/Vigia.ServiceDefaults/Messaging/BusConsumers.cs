using MassTransit;

namespace Vigia.ServiceDefaults.Messaging;

/// <summary>
/// The consumers each service contributes before the bus is built. MassTransit's AddMassTransit can
/// be called once per container, and the embedded default hosts all four services in one, so each
/// service adds its consumers here and <see cref="BusRegistration.AddBus"/> registers them all.
/// </summary>
public sealed class BusConsumers
{
    private readonly List<Action<IBusRegistrationConfigurator>> _registrations = [];

    public void Add(Action<IBusRegistrationConfigurator> registration) => _registrations.Add(registration);

    internal void ApplyTo(IBusRegistrationConfigurator configurator)
    {
        foreach (var registration in _registrations)
        {
            registration(configurator);
        }
    }
}
