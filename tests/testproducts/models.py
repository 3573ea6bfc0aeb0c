"""Django finds models here: import every block and product type of the test products."""

from tests.testproducts.product_blocks.interface import InterfaceBlock
from tests.testproducts.product_blocks.router import RouterBlock
from tests.testproducts.product_blocks.vlan import EndpointBlock, VlanBlock
from tests.testproducts.product_types.interface import Interface
from tests.testproducts.product_types.router import Router
from tests.testproducts.product_types.vlan import Vlan

__all__ = ["EndpointBlock", "Interface", "InterfaceBlock", "Router", "RouterBlock", "Vlan", "VlanBlock"]
