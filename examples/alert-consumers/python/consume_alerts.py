# Prints each alert opened in El Salvador from the vigia.alerts exchange.
# Needs pika (Debian: apt-get install python3-pika; elsewhere: pip install pika).
import json, os, pika

url = os.environ.get("VIGIA_AMQP_URL", "amqp://guest:guest@localhost:5672/")
ch = pika.BlockingConnection(pika.URLParameters(url)).channel()
q = ch.queue_declare(queue=os.environ.get("VIGIA_ALERT_QUEUE", "editorial-alerts"), durable=True).method.queue
ch.queue_bind(q, "vigia.alerts", routing_key="opened.sv.#")
for method, props, body in ch.consume(q):
    event = json.loads(body)              # a CloudEvent
    alert = event["data"]                 # vigia.alerting.v1.AlertEvent as JSON, every field present
    print(event["type"], alert["alertId"], alert["observed"], alert["expected"], flush=True)
    ch.basic_ack(method.delivery_tag)
