// Prints each alert opened in El Salvador from the vigia.alerts exchange. npm ci, then node consume-alerts.js.
const amqp = require("amqplib");

(async () => {
  const url = process.env.VIGIA_AMQP_URL ?? "amqp://guest:guest@localhost:5672/";
  const ch = await (await amqp.connect(url)).createChannel();
  const { queue } = await ch.assertQueue(process.env.VIGIA_ALERT_QUEUE ?? "editorial-alerts", { durable: true });
  await ch.bindQueue(queue, "vigia.alerts", "opened.sv.#");
  await ch.consume(queue, (message) => {
    const event = JSON.parse(message.content.toString()); // a CloudEvent
    const alert = event.data;                               // vigia.alerting.v1.AlertEvent as JSON, every field present
    console.log(event.type, alert.alertId, alert.observed, alert.expected);
    ch.ack(message);
  });
})();
