import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from subscriptions.domain_model import domain_model
from subscriptions.filtersets import SubscriptionFilterSet
from subscriptions.models import Subscription


class Command(BaseCommand):
    help = "subscriptions list [filters] | subscriptions show <id> (the whole typed tree, as JSON)"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|show")
        listing = actions.add_parser("list", help="One line per subscription")
        listing.add_argument("--status", action="append", help="Repeat for several")
        listing.add_argument("--product-type")
        listing.add_argument("--tag")
        listing.add_argument("--customer", help="A customer short code")
        listing.add_argument("--search", help="In the description, customer and product")
        listing.add_argument("--limit", type=int, default=100)
        show = actions.add_parser("show", help="The subscription, its block tree and relations, as JSON")
        show.add_argument("subscription_id")

    def handle(self, action, **options):
        if action == "show":
            return self.show(options["subscription_id"])
        filters = {
            "status": options["status"],
            "product_type": options["product_type"],
            "tag": options["tag"],
            "customer_short_code": options["customer"],
        }
        filterset = SubscriptionFilterSet(
            {k: v for k, v in filters.items() if v},
            Subscription.objects.select_related("product", "customer"),
        )
        if not filterset.is_valid():
            problems = "; ".join(f"{f}: {' '.join(e)}" for f, e in filterset.errors.items())
            raise CommandError(f"Invalid filter: {problems}")
        queryset = filterset.qs
        if options["search"]:
            term = options["search"]
            queryset = queryset.filter(
                Q(description__icontains=term)
                | Q(customer__name__icontains=term)
                | Q(product__name__icontains=term)
            )
        for s in queryset[: options["limit"]]:
            sync = "in sync" if s.insync else "OUT OF SYNC"
            self.stdout.write(
                f"{s.pk}  {s.status:<12} {sync:<11} {s.product.name:<20} {s.customer.short_code:<6} "
                f"{s.description}"
            )

    def show(self, subscription_id) -> None:
        try:
            data = domain_model(subscription_id)
        except Subscription.DoesNotExist:
            raise CommandError(f"No subscription with id {subscription_id}") from None
        except ValidationError:  # from the UUID field
            raise CommandError(f"{subscription_id!r} is not a subscription id (a UUID)") from None
        subscription = Subscription.objects.get(pk=subscription_id)
        data["depends_on"] = [str(s.pk) for s in subscription.depends_on()]
        data["in_use_by"] = [str(s.pk) for s in subscription.in_use_by()]
        self.stdout.write(json.dumps(data, indent=2, cls=DjangoJSONEncoder))
